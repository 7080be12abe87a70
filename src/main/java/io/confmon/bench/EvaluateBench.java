package io.confmon.bench;

import io.confmon.evaluate.Columns;
import io.confmon.evaluate.Evaluation;
import io.confmon.event.ClassSpace;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The evaluate benchmark: on one file of N rows, in one run, (1) reading its lines in this JVM
 * without parsing them (the floor), (2) confmon's evaluation, (3) Python's json + scikit-learn's
 * confusion_matrix (the notebook). Reports the best of a few runs of each and the ratios.
 */
public final class EvaluateBench {
    private static final String[] FASHION = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    public record Result(String name, double seconds, double total) {}

    private EvaluateBench() {}

    public static Path generate(Path file, long rows, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(96);
            for (long i = 0; i < rows; i++) {
                int a = rnd.nextInt(10);
                int p = rnd.nextDouble() < 0.88 ? a : rnd.nextInt(10);
                line.setLength(0);
                line.append("{\"id\":\"req-").append(i).append("\",\"actual\":\"").append(FASHION[a])
                        .append("\",\"predicted\":\"").append(FASHION[p]).append("\",\"weight\":")
                        .append(1 + rnd.nextInt(3) / 2.0).append("}\n");
                out.append(line);
                if (i > 0 && i % 1_000_000 == 0) System.err.printf("  generated %,d rows%n", i);
            }
        }
        return file;
    }

    public static Result plainLineRead(Path file) throws IOException {
        long start = System.nanoTime();
        long lines = 0;
        long chars = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                chars += line.length();
            }
        }
        return new Result("plain line read (same JVM, no parsing)", (System.nanoTime() - start) / 1e9, lines + chars * 0);
    }

    public static Result confmon(Path file, int threads) throws IOException {
        long start = System.nanoTime();
        ConfusionMatrix m;
        try (InputStream in = Files.newInputStream(file)) {
            m = Evaluation.run(in, file.toString(),
                    new Evaluation.Settings(Evaluation.Format.JSON_LINES, Columns.DEFAULT, ClassSpace.open(), 0.5, threads), null);
        }
        return new Result("confmon evaluate (" + threads + " threads)", (System.nanoTime() - start) / 1e9,
                Weights.toWeight(m.totalUnits()));
    }

    public static Result python(Path file) throws IOException, InterruptedException {
        Path script = Files.createTempFile("sklearn_baseline", ".py");
        try (InputStream in = EvaluateBench.class.getResourceAsStream("/bench/sklearn_baseline.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IOException("the Python baseline failed (is python3-sklearn installed?)");
        Files.deleteIfExists(script);
        var json = io.confmon.json.Json.MAPPER.readTree(out);
        return new Result("Python json + sklearn confusion_matrix", json.get("seconds").asDouble(), json.get("total").asDouble());
    }

    /** Runs every contender {@code runs} times and keeps each one's best time. */
    public static List<Result> run(Path file, int runs, boolean withPython) throws Exception {
        List<Result> best = new ArrayList<>();
        best.add(best(runs, () -> plainLineRead(file)));
        best.add(best(runs, () -> confmon(file, Runtime.getRuntime().availableProcessors())));
        best.add(best(runs, () -> confmon(file, 1)));
        if (withPython) best.add(best(1, () -> python(file)));
        return best;
    }

    private interface Contender {
        Result run() throws Exception;
    }

    private static Result best(int runs, Contender c) throws Exception {
        Result best = null;
        for (int i = 0; i < runs; i++) {
            Result r = c.run();
            System.err.printf(Locale.ROOT, "  %-42s run %d: %.2f s%n", r.name(), i + 1, r.seconds());
            if (best == null || r.seconds() < best.seconds()) best = r;
        }
        return best;
    }
}
