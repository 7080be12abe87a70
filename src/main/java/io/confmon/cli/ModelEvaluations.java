package io.confmon.cli;

import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.render.HeatmapOptions;
import io.confmon.tf.EventFileWriter;
import io.confmon.tf.MatrixSummaries;
import io.confmon.tf.ModelDirs;
import io.confmon.tf.ModelError;
import io.confmon.tf.ModelEvaluation;
import io.confmon.tf.ModelSpec;
import io.confmon.tf.NpyArray;
import io.confmon.tf.ScoringModel;
import io.confmon.tf.TensorFlowBackend;
import io.confmon.tf.TensorFlowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The glue between {@code evaluate}'s options and {@link ModelEvaluation}: one result per model directory. */
final class ModelEvaluations {
    record Result(String name, ConfusionMatrix matrix) {}

    private ModelEvaluations() {}

    static List<Result> run(EvaluateCommand command, ModelOptions options) throws IOException {
        if (options.batchSize < 1) throw new UsageError("--batch-size must be at least 1, got " + options.batchSize);
        boolean arrays = options.x != null || options.y != null;
        if (arrays && command.input != null) throw new UsageError("give --x/--y or --input, not both");
        if (arrays && (options.x == null || options.y == null)) throw new UsageError("--x and --y go together");
        if (!arrays && command.input == null) throw new UsageError("--model needs --x X.npy --y Y.npy, or --input rows with a 'features' array");
        if (!arrays && (command.input.toLowerCase(java.util.Locale.ROOT).matches(".*\\.csv(\\.gz)?") || "csv".equalsIgnoreCase(command.format))) {
            throw new UsageError("--model reads --input rows as JSON Lines with a 'features' array; CSV is not supported");
        }
        List<Path> dirs = ModelDirs.expand(options.models);
        NpyArray x = arrays ? NpyArray.read(options.x) : null;
        NpyArray y = arrays ? NpyArray.read(options.y) : null;
        if (arrays && x.rows() != y.rows()) {
            throw new ModelError(x.source() + " has " + x.rows() + " rows but " + y.source() + " has " + y.rows()
                    + "; X and Y must hold the same samples");
        }
        ModelEvaluation.Settings settings = new ModelEvaluation.Settings(command.columns(), command.classSpaceOrNull(),
                command.threshold, command.evaluationThreads(), options.batchSize);
        TensorFlowBackend tf = TensorFlowRuntime.backend();
        List<Result> results = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dirs.size() == 1 && command.name != null ? command.name : dir.getFileName().toString();
            try (ScoringModel model = tf.load(new ModelSpec(dir, options.signature, options.inputName, options.outputName))) {
                ConfusionMatrix matrix;
                if (arrays) {
                    matrix = ModelEvaluation.onArrays(model, name, x, y, settings);
                } else {
                    try (InputStream in = command.open()) {
                        matrix = ModelEvaluation.onRows(model, name, in, command.input, settings);
                    }
                }
                results.add(new Result(name, matrix));
            }
        }
        return results;
    }

    /** One step per result, from {@code --step} (default 0) on. */
    static void writeTensorBoard(ModelOptions options, List<Result> results, Normalization normalization) {
        long first = options.step != null ? options.step : 0;
        if (first < 0) throw new UsageError("--step must be >= 0, got " + first);
        HeatmapOptions heatmap = HeatmapOptions.defaults().withNormalization(normalization);
        try (EventFileWriter writer = TensorFlowRuntime.backend().eventWriter(options.tensorboard)) {
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                MatrixSummaries.write(writer, first + i, MatrixDocument.of(r.name(), null, null, r.matrix(), normalization), heatmap);
            }
        }
    }

    /** heatmap.png -> heatmap-epoch-3.png: one file per model when there are several. */
    static Path perModel(Path heatmap, String model) {
        String file = heatmap.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String safe = model.replaceAll("[^A-Za-z0-9._-]", "_");
        String named = file.substring(0, dot) + "-" + safe + file.substring(dot);
        return heatmap.resolveSibling(named);
    }
}
