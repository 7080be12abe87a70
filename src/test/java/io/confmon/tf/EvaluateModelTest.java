package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.cli.CliRun;
import io.confmon.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confmon evaluate --model}: SavedModels with known weights, built here with TensorFlow Java,
 * give exactly the matrix their weights imply, whatever the X dtype, the Y form or the batch size.
 */
class EvaluateModelTest {
    static final int INPUTS = 5;
    static final int CLASSES = 4;
    static final int ROWS = 300;

    @TempDir
    static Path dir;

    static TestModels.Dense dense;
    static TestModels.Dense sigmoid;
    static double[][] x;
    static int[] y;
    static Path denseF32;
    static Path denseF64;
    static Path sigmoidModel;
    static Path twoOutputs;

    @BeforeAll
    static void buildModelsAndData() throws IOException {
        Random random = new Random(20261201);
        dense = TestModels.random(random, INPUTS, CLASSES, false);
        sigmoid = TestModels.random(random, INPUTS, 2, true);
        List<double[]> rows = new ArrayList<>();
        while (rows.size() < ROWS) {
            double[] r = new double[INPUTS];
            // Multiples of 1/8: the same value in float32 and float64, so both dtypes imply the same classes.
            for (int i = 0; i < INPUTS; i++) r[i] = Math.round(random.nextGaussian() * 16) / 8.0;
            if (dense.margin(r, 0.5) > 0.05 && sigmoid.margin(r, 0.5) > 0.05 && sigmoid.margin(r, 0.8) > 0.05) rows.add(r);
        }
        x = rows.toArray(double[][]::new);
        y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            y[i] = random.nextDouble() < 0.6 ? dense.predict(x[i], 0.5) : random.nextInt(CLASSES);
        }
        denseF32 = TestModels.export(dense, dir.resolve("dense-f32"), false);
        denseF64 = TestModels.export(dense, dir.resolve("dense-f64"), true);
        sigmoidModel = TestModels.export(sigmoid, dir.resolve("sigmoid"), false);
        twoOutputs = TestModels.export(dense, dir.resolve("two-outputs"), false, true);
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static Path xFile(String descr) throws IOException {
        return NpyFiles.write(dir.resolve("x" + descr.substring(1) + ".npy"), descr, new long[] {ROWS, INPUTS}, flat(x));
    }

    static Path yIndices(String descr) throws IOException {
        return NpyFiles.write(dir.resolve("y" + descr.substring(1) + ".npy"), descr, new long[] {ROWS},
                java.util.Arrays.stream(y).asDoubleStream().toArray());
    }

    static Path yOneHot() throws IOException {
        double[] v = new double[ROWS * CLASSES];
        for (int i = 0; i < ROWS; i++) v[i * CLASSES + y[i]] = 1;
        return NpyFiles.write(dir.resolve("y-onehot.npy"), "<f4", new long[] {ROWS, CLASSES}, v);
    }

    /** The matrix the weights imply: rows actual, columns predicted. */
    static double[][] expected(TestModels.Dense model, int classes, double threshold, int[] actual) {
        double[][] m = new double[classes][classes];
        for (int i = 0; i < ROWS; i++) m[actual[i]][model.predict(x[i], threshold)]++;
        return m;
    }

    static double[][] counts(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        return Json.MAPPER.treeToValue(Json.MAPPER.readTree(run.out()).get("counts"), double[][].class);
    }

    @Test
    void float32InputIndexLabels() throws IOException {
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString(), "--output", "json");
        assertThat(counts(run)).isDeepEqualTo(expected(dense, CLASSES, 0.5, y));
        JsonNode doc = Json.MAPPER.readTree(run.out());
        assertThat(doc.get("model").asText()).isEqualTo("dense-f32");
        assertThat(doc.get("classes").toString()).isEqualTo("[\"0\",\"1\",\"2\",\"3\"]");
    }

    @Test
    void float64InputOneHotLabelsAnyBatchSize() throws IOException {
        double[][] want = expected(dense, CLASSES, 0.5, y);
        for (String batch : new String[] {"1", "7", "1024"}) {
            CliRun run = CliRun.of("evaluate", "--model", denseF64.toString(), "--x", xFile("<f8").toString(),
                    "--y", yOneHot().toString(), "--batch-size", batch, "--output", "json");
            assertThat(counts(run)).as("batch size " + batch).isDeepEqualTo(want);
        }
    }

    @Test
    void float64DataIntoAFloat32Model() throws IOException {
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--x", xFile("<f8").toString(),
                "--y", yIndices("<i4").toString(), "--output", "json");
        assertThat(counts(run)).isDeepEqualTo(expected(dense, CLASSES, 0.5, y));
    }

    @Test
    void sigmoidSingleProbabilityAgainstTheThreshold() throws IOException {
        int[] binary = new int[ROWS];
        for (int i = 0; i < ROWS; i++) binary[i] = y[i] % 2;
        Path yb = NpyFiles.write(dir.resolve("y-binary.npy"), "<f4", new long[] {ROWS, 1},
                java.util.Arrays.stream(binary).asDoubleStream().toArray());
        double[][] at05 = expected(sigmoid, 2, 0.5, binary);
        double[][] at08 = expected(sigmoid, 2, 0.8, binary);
        assertThat(at05).as("the test needs a threshold that changes the matrix").isNotEqualTo(at08);
        CliRun run = CliRun.of("evaluate", "--model", sigmoidModel.toString(), "--x", xFile("<f4").toString(),
                "--y", yb.toString(), "--threshold", "0.8", "--output", "json");
        assertThat(counts(run)).isDeepEqualTo(at08);
        assertThat(counts(CliRun.of("evaluate", "--model", sigmoidModel.toString(), "--x", xFile("<f4").toString(),
                "--y", yb.toString(), "--output", "json"))).isDeepEqualTo(at05);
    }

    @Test
    void featuresRowsInJsonLines() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            lines.append("{\"id\":\"r").append(i).append("\",\"features\":").append(java.util.Arrays.toString(x[i]))
                    .append(",\"actual\":").append(y[i]).append("}\n");
        }
        Path rows = Files.writeString(dir.resolve("rows.jsonl"), lines);
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--input", rows.toString(),
                "--batch-size", "64", "--output", "json");
        assertThat(counts(run)).isDeepEqualTo(expected(dense, CLASSES, 0.5, y));
    }

    @Test
    void namedOutputOfATwoOutputSignature() throws IOException {
        CliRun ambiguous = CliRun.of("evaluate", "--model", twoOutputs.toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString());
        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("has 2 outputs").contains("--output-name");
        CliRun named = CliRun.of("evaluate", "--model", twoOutputs.toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString(), "--output-name", "probs", "--output", "json");
        assertThat(counts(named)).isDeepEqualTo(expected(dense, CLASSES, 0.5, y));
        // The logits have the same argmax as the probabilities.
        CliRun logits = CliRun.of("evaluate", "--model", twoOutputs.toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString(), "--output-name", "logits", "--output", "json");
        assertThat(counts(logits)).isDeepEqualTo(expected(dense, CLASSES, 0.5, y));
    }

    @Test
    void shapeThatDoesNotFitTheSignature() throws IOException {
        Path wide = NpyFiles.write(dir.resolve("wide.npy"), "<f4", new long[] {2, INPUTS + 1}, new double[2 * (INPUTS + 1)]);
        Path y2 = NpyFiles.write(dir.resolve("y2.npy"), "<i8", new long[] {2}, new double[] {0, 1});
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--x", wide.toString(), "--y", y2.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("wide.npy rows have shape [6]").contains("takes rows of shape [5]");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void rowCountsThatDiffer() throws IOException {
        Path y2 = NpyFiles.write(dir.resolve("y-short.npy"), "<i8", new long[] {2}, new double[] {0, 1});
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--x", xFile("<f4").toString(), "--y", y2.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("has " + ROWS + " rows but").contains("y-short.npy has 2");
    }

    @Test
    void missingModelAndNotASavedModel() throws IOException {
        CliRun missing = CliRun.of("evaluate", "--model", dir.resolve("nope").toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope: no such directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun notModel = CliRun.of("evaluate", "--model", empty.toString(), "--x", xFile("<f4").toString(),
                "--y", yIndices("<i8").toString());
        assertThat(notModel.exitCode()).isEqualTo(2);
        assertThat(notModel.err()).contains("not a SavedModel");
    }

    @Test
    void labelOutsideTheModelsClassesNamesTheRow() throws IOException {
        double[] labels = java.util.Arrays.stream(y).asDoubleStream().toArray();
        labels[17] = CLASSES + 3;
        Path bad = NpyFiles.write(dir.resolve("y-bad.npy"), "<i8", new long[] {ROWS}, labels);
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--x", xFile("<f4").toString(), "--y", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("row 17").contains("out of range");
    }

    @Test
    void csvRowsWithAModelAreRefused() throws IOException {
        Path csv = Files.writeString(dir.resolve("rows.csv"), "actual,features\n0,\"[1,2,3,4,5]\"\n");
        CliRun run = CliRun.of("evaluate", "--model", denseF32.toString(), "--input", csv.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("JSON Lines").contains("CSV is not supported");
    }
}
