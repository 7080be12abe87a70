package io.confmon.tf;

import io.confmon.evaluate.Columns;
import io.confmon.matrix.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code confmon bench model}: {@code evaluate --model} rows/s on a generated .npy against
 * TensorFlow's own session run on the same batches (the floor: tensors in, scores out, nothing
 * else), at several batch sizes, in one JVM with the model loaded once. Best of {@code runs}.
 */
public final class ModelBench {
    public record Result(int batchSize, double floorSeconds, double confmonSeconds, long counted) {}

    private ModelBench() {}

    public static List<Result> run(int rows, int features, int classes, int[] batchSizes, int runs) throws IOException {
        TensorFlowBackend tf = TensorFlowRuntime.backend();
        Random random = new Random(1);
        float[][] w = new float[features][classes];
        for (float[] row : w) for (int j = 0; j < classes; j++) row[j] = (float) random.nextGaussian();
        float[] b = new float[classes];
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        long[] y = new long[rows];
        for (int i = 0; i < rows; i++) y[i] = random.nextInt(classes);
        Path dir = Files.createTempDirectory("confmon-bench-model");
        Path model = dir.resolve("dense");
        tf.exportDenseSoftmax(model, w, b);
        Path xf = dir.resolve("x.npy");
        Path yf = dir.resolve("y.npy");
        NpyArray.write(xf, new long[] {rows, features}, x, null);
        NpyArray.write(yf, new long[] {rows}, null, y);
        NpyArray xa = NpyArray.read(xf);
        NpyArray ya = NpyArray.read(yf);
        List<Result> results = new ArrayList<>();
        try (ScoringModel m = tf.load(ModelSpec.of(model))) {
            for (int batch : batchSizes) {
                double floor = Double.MAX_VALUE;
                double ours = Double.MAX_VALUE;
                long counted = 0;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    tf.sessionRunFloor(m, x, rows, features, batch);
                    floor = Math.min(floor, (System.nanoTime() - t0) / 1e9);
                    ModelEvaluation.Settings settings = new ModelEvaluation.Settings(Columns.DEFAULT, null, 0.5,
                            Runtime.getRuntime().availableProcessors(), batch);
                    t0 = System.nanoTime();
                    ConfusionMatrix matrix = ModelEvaluation.onArrays(m, "dense", xa, ya, settings);
                    ours = Math.min(ours, (System.nanoTime() - t0) / 1e9);
                    counted = matrix.totalUnits() / io.confmon.matrix.Weights.ONE;
                }
                results.add(new Result(batch, floor, ours, counted));
            }
        }
        return results;
    }
}
