package io.confmon.cli;

import io.confmon.evaluate.Columns;
import io.confmon.evaluate.Evaluation;
import io.confmon.evaluate.InputError;
import io.confmon.event.ClassSpace;
import io.confmon.json.Json;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import io.confmon.render.TextReport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import io.confmon.tf.ModelError;
import java.util.ArrayList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code confmon evaluate}: the notebook's confusion matrix, metrics and heatmap, from a file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Confusion matrix, per-class precision / recall / F1 and an annotated heatmap from a file of",
            "predictions and true labels (JSON Lines or CSV, gzipped or not, or standard input).",
            "Rows are the actual class, columns the predicted one; metrics equal scikit-learn's."},
        footer = {"", "Examples:", "  confmon evaluate --input samples/fashion-eval.jsonl --heatmap heatmap.png",
            "  confmon evaluate --model ckpt/epoch-* --x x_val.npy --y y_val.npy --tensorboard logs/eval"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE|-",
            description = "JSON Lines (.jsonl, .json) or CSV (.csv), optionally .gz; '-' reads standard input.")
    String input;

    @Mixin
    ModelOptions tf = new ModelOptions();

    @Option(names = "--format", paramLabel = "jsonl|csv",
            description = "Input format when the file name does not tell (standard input: jsonl).")
    String format;

    @ArgGroup(exclusive = true)
    ClassChoice classChoice;

    static final class ClassChoice {
        @Option(names = "--classes", split = ",", paramLabel = "A,B,C",
                description = "The class list: index i is the i-th name. Default: the classes seen, sorted.")
        List<String> classes;

        @Option(names = "--num-classes", paramLabel = "N", description = "Classes 0..N-1, like num_classes.")
        Integer numClasses;
    }

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "P",
            description = "A single score s is class 1 when s > P, else 0 (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--actual-column", defaultValue = "actual", paramLabel = "C", description = "Default ${DEFAULT-VALUE}.")
    String actualColumn;

    @Option(names = "--predicted-column", defaultValue = "predicted", paramLabel = "C", description = "Default ${DEFAULT-VALUE}.")
    String predictedColumn;

    @Option(names = "--scores-column", defaultValue = "scores", paramLabel = "C", description = "Default ${DEFAULT-VALUE}.")
    String scoresColumn;

    @Option(names = "--weight-column", paramLabel = "C", description = "Sample weights (default: 'weight' when present, else 1).")
    String weightColumn;

    @Option(names = "--normalize", defaultValue = "true", paramLabel = "true|pred|all|none",
            description = "Normalize by the actual row (true), predicted column, total, or not (default ${DEFAULT-VALUE}).")
    String normalize;

    @Option(names = "--heatmap", paramLabel = "OUT.png|OUT.svg", description = "Write an annotated heatmap.")
    Path heatmap;

    @Option(names = "--output", defaultValue = "table", paramLabel = "table|json",
            description = "table: the matrix and a per-class report; json: the matrix document only (default ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--name", paramLabel = "NAME", description = "The model name in the document and title (default: the file name).")
    String name;

    @Option(names = "--threads", paramLabel = "N", description = "Parsing threads (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        Normalization normalization = parseNormalization();
        boolean json = switch (output.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "table" -> false;
            default -> throw new UsageError("--output must be table or json, got '" + output + "'");
        };
        if (heatmap != null) heatmapFormat(heatmap);
        if (!(threshold >= 0 && threshold <= 1)) throw new UsageError("--threshold must be between 0 and 1, got " + threshold);
        List<ModelEvaluations.Result> results;
        try {
            results = tf.usesModel() ? ModelEvaluations.run(this, tf) : List.of(evaluateInput());
        } catch (ModelError e) {
            throw new UsageError(e.getMessage(), e);
        }
        clearProgressLine();
        PrintWriter out = spec.commandLine().getOut();
        for (ModelEvaluations.Result result : results) {
            MatrixDocument doc = MatrixDocument.of(result.name(), null, null, result.matrix(), normalization);
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(doc));
            } else {
                if (results.size() > 1) out.println("== " + result.name() + " ==");
                out.println(TextReport.matrixTable(doc));
                out.println();
                out.println(TextReport.classificationReport(doc));
            }
            if (heatmap != null) {
                Path file = results.size() > 1 ? ModelEvaluations.perModel(heatmap, result.name()) : heatmap;
                writeHeatmap(file, doc, normalization);
                if (!json) out.println("heatmap written to " + file);
            }
        }
        if (tf.tensorboard != null) {
            try {
                ModelEvaluations.writeTensorBoard(tf, results, normalization);
            } catch (ModelError e) {
                throw new UsageError(e.getMessage(), e);
            }
            if (!json) out.println("TensorBoard event files written to " + tf.tensorboard);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private ModelEvaluations.Result evaluateInput() throws IOException {
        if (input == null) throw new UsageError("give --input FILE, or --model DIR with --x X.npy --y Y.npy (or --input rows with 'features')");
        if (tf.x != null || tf.y != null) throw new UsageError("--x and --y need --model");
        try (InputStream in = open()) {
            return new ModelEvaluations.Result(modelName(), Evaluation.run(in, input, evaluationSettings(), progressReporter()));
        } catch (InputError e) {
            throw new UsageError(e.getMessage(), e);
        }
    }

    Evaluation.Settings evaluationSettings() {
        return new Evaluation.Settings(inputFormat(), columns(), classSpace(), threshold, evaluationThreads());
    }

    int evaluationThreads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private static void writeHeatmap(Path heatmap, MatrixDocument doc, Normalization normalization) throws IOException {
        HeatmapOptions options = HeatmapOptions.defaults().withNormalization(normalization);
        Path parent = heatmap.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (heatmapFormat(heatmap).equals("svg")) {
            Files.writeString(heatmap, HeatmapRenderer.svg(doc, options), StandardCharsets.UTF_8);
        } else {
            Files.write(heatmap, HeatmapRenderer.png(doc, options));
        }
    }

    private static String heatmapFormat(Path path) {
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".png")) return "png";
        if (file.endsWith(".svg")) return "svg";
        throw new UsageError("--heatmap must end in .png or .svg, got '" + path + "'");
    }

    private Normalization parseNormalization() {
        try {
            return Normalization.parse(normalize);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--" + e.getMessage());
        }
    }

    /** The classes the options name; null when they name none. */
    ClassSpace classSpaceOrNull() {
        return classChoice == null ? null : classSpace();
    }

    private ClassSpace classSpace() {
        if (classChoice == null) return ClassSpace.open();
        if (classChoice.numClasses != null) {
            if (classChoice.numClasses < 1) throw new UsageError("--num-classes must be at least 1, got " + classChoice.numClasses);
            return ClassSpace.of(ClassIndex.ofNumClasses(classChoice.numClasses));
        }
        List<String> names = classChoice.classes.stream().map(String::trim).toList();
        if (names.stream().anyMatch(String::isEmpty)) throw new UsageError("--classes has an empty name: " + classChoice.classes);
        if (names.stream().distinct().count() != names.size()) throw new UsageError("--classes lists a class twice: " + names);
        return ClassSpace.of(ClassIndex.of(names));
    }

    Columns columns() {
        return new Columns(actualColumn, predictedColumn, scoresColumn,
                weightColumn != null ? weightColumn : "weight", weightColumn != null);
    }

    private Evaluation.Format inputFormat() {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "jsonl", "json", "ndjson" -> Evaluation.Format.JSON_LINES;
                case "csv" -> Evaluation.Format.CSV;
                default -> throw new UsageError("--format must be jsonl or csv, got '" + format + "'");
            };
        }
        String file = input.toLowerCase(Locale.ROOT);
        if (file.endsWith(".gz")) file = file.substring(0, file.length() - 3);
        if (file.equals("-") || file.endsWith(".jsonl") || file.endsWith(".json") || file.endsWith(".ndjson")) {
            return Evaluation.Format.JSON_LINES;
        }
        if (file.endsWith(".csv")) return Evaluation.Format.CSV;
        throw new UsageError("cannot tell the format of '" + input + "' from its name: use .jsonl or .csv, or --format");
    }

    InputStream open() throws IOException {
        InputStream raw;
        if (input.equals("-")) {
            raw = System.in;
        } else {
            try {
                raw = Files.newInputStream(Path.of(input));
            } catch (NoSuchFileException e) {
                throw new UsageError("--input: no such file '" + input + "'");
            }
        }
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        return isGzip(buffered) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** Gzip by its magic bytes, so a .gz on standard input or a misnamed file still reads. */
    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        byte[] magic = in.readNBytes(2);
        in.reset();
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    private String modelName() {
        if (name != null) return name;
        if (input.equals("-")) return "stdin";
        String file = Path.of(input).getFileName().toString();
        for (String ext : Arrays.asList(".gz", ".jsonl", ".ndjson", ".json", ".csv")) {
            if (file.toLowerCase(Locale.ROOT).endsWith(ext)) file = file.substring(0, file.length() - ext.length());
        }
        return file;
    }

    /** Long runs show progress on a terminal; pipes and CI logs stay clean. */
    private java.util.function.LongConsumer progressReporter() {
        if (System.console() == null) return null;
        return rows -> System.err.printf("\rcounted %,d rows", rows);
    }

    private void clearProgressLine() {
        if (System.console() != null) System.err.print("\r\033[K");
    }
}
