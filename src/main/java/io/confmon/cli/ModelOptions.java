package io.confmon.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code evaluate}'s TensorFlow options: a SavedModel scores the rows, TensorBoard gets the results. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "SAVED_MODEL_DIR",
            description = {"A TensorFlow SavedModel that scores the rows (X.npy, or --input rows with a 'features' array).",
                "Repeat it, or give a glob such as 'ckpt/epoch-*' (natural order), to evaluate several: one step each."})
    List<String> models;

    @Option(names = "--x", paramLabel = "X.npy", description = "Features, one row per sample (.npy float32/float64/int32/int64, C order).")
    Path x;

    @Option(names = "--y", paramLabel = "Y.npy", description = "True classes: indices [n] or one-hot rows [n, classes].")
    Path y;

    @Option(names = "--batch-size", defaultValue = "1024", paramLabel = "N", description = "Rows per model call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--signature", defaultValue = "serving_default", paramLabel = "KEY", description = "The SavedModel signature (default ${DEFAULT-VALUE}).")
    String signature;

    @Option(names = "--input-name", paramLabel = "N", description = "The signature input to feed (default: its only one).")
    String inputName;

    @Option(names = "--output-name", paramLabel = "N", description = "The signature output holding the scores (default: its only one).")
    String outputName;

    @Option(names = "--tensorboard", paramLabel = "LOGDIR",
            description = "Write TensorBoard event files: the heatmap as image 'confusion_matrix', accuracy, balanced accuracy, macro F1, per-class recall.")
    Path tensorboard;

    @Option(names = "--step", paramLabel = "N", description = "The TensorBoard step of the first model (default 0; the next models count on).")
    Long step;

    boolean usesModel() {
        return models != null && !models.isEmpty();
    }
}
