package io.confmon.tf;

import java.nio.file.Path;

/** What confmon asks of TensorFlow. One implementation, loaded by {@link TensorFlowRuntime}. */
public interface TensorFlowBackend {
    /** Loads a SavedModel (tag {@code serve}); a {@link ModelError} names what is wrong. */
    ScoringModel load(ModelSpec spec);

    /** Opens (creating it) an event file in the log directory. */
    EventFileWriter eventWriter(Path logdir);

    /**
     * Exports a dense softmax classifier {@code softmax(x W + b)} as a SavedModel with a serving
     * signature (input "x" float32 [-1, rows of W], output "probs"): a model to benchmark or demo
     * with when none is at hand.
     */
    void exportDenseSoftmax(Path dir, float[][] w, float[] b);

    /**
     * TensorFlow's own session run over the rows, batch by batch, with nothing of confmon around it:
     * each batch's input tensor built from {@code x}, run, and the scores copied out. The floor for
     * {@code evaluate --model}. Returns the sum of all scores (so the work cannot be skipped).
     */
    double sessionRunFloor(ScoringModel model, float[] x, int rows, int width, int batchSize);

    /** TensorFlow's own version string. */
    String version();
}
