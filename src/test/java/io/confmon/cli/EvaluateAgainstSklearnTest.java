package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confmon.testing.OutsideTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confmon evaluate --output json} against scikit-learn 1.2 (Debian's python3-sklearn, run as
 * a real process) on generated datasets: the same file is decoded in Python by the contract's
 * rules and counted by {@code sklearn.metrics}; the class list, every cell and every metric must
 * agree to a relative 1e-9.
 */
class EvaluateAgainstSklearnTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FASHION = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    private static Path python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findSklearn() {
        python = OutsideTools.sklearnPython();
    }

    @Test
    void weightsWithZerosAndLearnedNames() throws Exception {
        Random rnd = new Random(1);
        Path file = jsonl("names.jsonl", 3000, i -> {
            int a = rnd.nextInt(10);
            int p = rnd.nextDouble() < 0.7 ? a : rnd.nextInt(10);
            // Weights with at most 6 decimals are exact in confmon's units; a tenth of them are zero.
            double w = rnd.nextInt(10) == 0 ? 0.0 : rnd.nextInt(5_000_000) / 1e6;
            return Map.of("actual", FASHION[a], "predicted", FASHION[p], "weight", w);
        });
        agree(file, Map.of(), "--input", file.toString());
    }

    @Test
    void classListWithClassesNeverPredictedAndNeverTrue() throws Exception {
        Random rnd = new Random(2);
        List<String> classes = List.of("ant", "bee", "cat", "dog", "eel", "fox");
        // "eel" is never true, "fox" never predicted.
        Path file = jsonl("list.jsonl", 500, i -> Map.of(
                "actual", classes.get(rnd.nextInt(9) == 0 ? 5 : rnd.nextInt(4)),
                "predicted", classes.get(rnd.nextInt(5))));
        agree(file, Map.of("classes", classes), "--input", file.toString(), "--classes", String.join(",", classes));
    }

    @Test
    void inferredNumClassesFromIndices() throws Exception {
        Random rnd = new Random(3);
        // Index 4 never occurs: like tf.math.confusion_matrix, classes are 0..max all the same.
        Path file = jsonl("indices.jsonl", 800, i -> Map.of(
                "actual", (long) new int[] {0, 1, 2, 3, 5, 7}[rnd.nextInt(6)],
                "predicted", (long) new int[] {0, 1, 2, 3, 6, 7}[rnd.nextInt(6)]));
        JsonNode doc = agree(file, Map.of(), "--input", file.toString());
        assertThat(doc.get("classes")).hasSize(8);
    }

    @Test
    void explicitNumClasses() throws Exception {
        Random rnd = new Random(4);
        Path file = jsonl("num.jsonl", 400, i -> Map.of("actual", (long) rnd.nextInt(3), "predicted", (long) rnd.nextInt(3)));
        JsonNode doc = agree(file, Map.of("num_classes", 6), "--input", file.toString(), "--num-classes", "6");
        assertThat(doc.get("classes")).hasSize(6);
    }

    @Test
    void oneHotActualsAndScoresWithTies() throws Exception {
        Random rnd = new Random(5);
        Path file = jsonl("scores.jsonl", 1000, i -> {
            int k = 4;
            double[] oneHot = new double[k];
            oneHot[rnd.nextInt(k)] = 1;
            double[] scores = new double[k];
            for (int j = 0; j < k; j++) scores[j] = rnd.nextInt(4) / 4.0; // coarse values: many ties
            return Map.of("actual", oneHot, "scores", scores, "weight", rnd.nextInt(3) + 0.5);
        });
        agree(file, Map.of(), "--input", file.toString());
    }

    @Test
    void binaryThresholdWithScoresExactlyAtIt() throws Exception {
        Random rnd = new Random(6);
        Path file = jsonl("binary.jsonl", 600, i -> Map.of(
                "actual", (long) rnd.nextInt(2),
                "scores", new double[] {new double[] {0.1, 0.3, 0.30000001, 0.9}[rnd.nextInt(4)]}));
        JsonNode doc = agree(file, Map.of("threshold", 0.3), "--input", file.toString(), "--threshold", "0.3");
        assertThat(doc.get("classes")).hasSize(2);
    }

    /**
     * Learned names of mixed kinds: confmon lists names that read as numbers by value, then the others by
     * code point (the contract's Classes). The reference passes that list to scikit-learn as {@code labels},
     * so this test proves the counts and metrics per class, not scikit-learn's own order: see
     * {@link #sklearnSortsNumericLookingNamesAsText()} for where the two orders part.
     */
    @Test
    void mixedNumericAndTextNamesListNumbersByValue() throws Exception {
        Random rnd = new Random(7);
        Path file = jsonl("mixed.jsonl", 700, i -> Map.of(
                "actual", MIXED[rnd.nextInt(MIXED.length)], "predicted", MIXED[rnd.nextInt(MIXED.length)]));
        JsonNode doc = agree(file, Map.of(), "--input", file.toString());
        assertThat(doc.get("classes").toString()).isEqualTo("[\"-1\",\"1.5\",\"2\",\"10\",\"Dog\",\"Zebra\",\"cat\",\"élan\"]");
    }

    /**
     * What the README says of the difference: scikit-learn's own {@code unique_labels} sorts string labels by
     * code point ("10" before "2"), where confmon sorts numeric-looking names by value. Only
     * names that read as numbers are placed differently; the text names keep scikit-learn's order.
     */
    @Test
    void sklearnSortsNumericLookingNamesAsText() throws Exception {
        String script = "import json,sys\nfrom sklearn.utils.multiclass import unique_labels\n"
                + "print(json.dumps([str(x) for x in unique_labels(json.loads(sys.argv[1]))]))\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, JSON.writeValueAsString(MIXED))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertEquals(0, p.exitValue(), "unique_labels failed");
        List<String> theirs = JSON.readValue(out, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(theirs).containsExactly("-1", "1.5", "10", "2", "Dog", "Zebra", "cat", "élan");

        Path file = jsonl("mixed-order.jsonl", MIXED.length, i -> Map.of("actual", MIXED[i], "predicted", MIXED[i]));
        CliRun run = CliRun.of("evaluate", "--output", "json", "--input", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> ours = new ArrayList<>();
        JSON.readTree(run.out()).get("classes").forEach(c -> ours.add(c.asText()));
        assertThat(ours).isNotEqualTo(theirs);
        assertThat(ours.subList(4, ours.size())).isEqualTo(theirs.subList(4, theirs.size()));
    }

    @Test
    void csvWithOtherColumnNames() throws Exception {
        Random rnd = new Random(8);
        StringBuilder csv = new StringBuilder("id,y_true,y_pred,w\n");
        for (int i = 0; i < 900; i++) {
            int a = rnd.nextInt(10);
            int p = rnd.nextDouble() < 0.6 ? a : (a + 1 + rnd.nextInt(2)) % 10;
            csv.append(i).append(',').append('"').append(FASHION[a]).append('"').append(',')
                    .append(FASHION[p]).append(',').append(rnd.nextInt(4)).append('\n');
        }
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, csv);
        agree(file, Map.of("format", "csv", "columns", Map.of("actual", "y_true", "predicted", "y_pred", "scores", "scores", "weight", "w")),
                "--input", file.toString(), "--actual-column", "y_true", "--predicted-column", "y_pred", "--weight-column", "w");
    }

    @Test
    void emptyMatrixHasNullMetrics() throws Exception {
        Path file = jsonl("zero.jsonl", 20, i -> Map.of("actual", "a", "predicted", "b", "weight", 0.0));
        JsonNode doc = agree(file, Map.of(), "--input", file.toString());
        assertThat(doc.at("/metrics/accuracy").isNull()).isTrue();
        assertThat(doc.at("/metrics/kappa").isNull()).isTrue();
    }

    private static final String[] MIXED = {"10", "2", "-1", "1.5", "cat", "Dog", "élan", "Zebra"};

    // --- harness ---

    private Path jsonl(String name, int rows, Function<Integer, Map<String, Object>> row) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) sb.append(JSON.writeValueAsString(row.apply(i))).append('\n');
        Path file = dir.resolve(name);
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }

    private JsonNode agree(Path file, Map<String, Object> options, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("evaluate", "--output", "json"));
        argv.addAll(List.of(args));
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode ours = JSON.readTree(run.out());
        JsonNode theirs = sklearn(file, options);

        assertEquals(theirs.get("classes"), ours.get("classes"), "class list");
        assertClose(theirs.get("counts"), ours.get("counts"), "counts");
        assertClose(theirs.get("total"), ours.get("total"), "total");
        for (Iterator<Map.Entry<String, JsonNode>> it = theirs.get("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            assertClose(metric.getValue(), ours.get("metrics").get(metric.getKey()), "metrics." + metric.getKey());
        }
        return ours;
    }

    private JsonNode sklearn(Path file, Map<String, Object> options) throws Exception {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("format", "jsonl");
        opts.put("threshold", 0.5);
        opts.put("columns", Map.of("actual", "actual", "predicted", "predicted", "scores", "scores", "weight", "weight"));
        opts.putAll(options);
        Path script = Path.of("src/test/resources/sklearn_reference.py");
        Process p = new ProcessBuilder(python.toString(), script.toString(), file.toString(), JSON.writeValueAsString(opts))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertEquals(0, p.exitValue(), "sklearn_reference.py failed");
        return JSON.readTree(out);
    }

    static void assertClose(JsonNode expected, JsonNode actual, String where) {
        if (expected.isNull() || actual == null || actual.isNull()) {
            assertEquals(expected.isNull(), actual == null || actual.isNull(), where + ": expected " + expected + ", got " + actual);
            return;
        }
        if (expected.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            double tolerance = Math.max(1e-9 * Math.abs(e), 1e-12);
            assertThat(Math.abs(e - a)).as("%s: sklearn %s, confmon %s", where, e, a).isLessThanOrEqualTo(tolerance);
            return;
        }
        if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), where + " size");
            for (int i = 0; i < expected.size(); i++) assertClose(expected.get(i), actual.get(i), where + "[" + i + "]");
            return;
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertClose(e.getValue(), actual.get(e.getKey()), where + "." + e.getKey());
            }
            return;
        }
        assertEquals(expected, actual, where);
    }
}
