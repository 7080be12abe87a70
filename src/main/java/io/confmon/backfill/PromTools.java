package io.confmon.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own tools, run as processes: {@code promtool tsdb create-blocks-from openmetrics}
 * and {@code create-blocks-from rules}, and the {@code prometheus} server. Found on the PATH, or
 * in the directory {@code CONFMON_PROMETHEUS_HOME} names.
 */
public final class PromTools {
    private final Path promtool;
    private final Path prometheus;

    private PromTools(Path promtool, Path prometheus) {
        this.promtool = promtool;
        this.prometheus = prometheus;
    }

    /** The tools, or an {@link IllegalStateException} that says what to install. */
    public static PromTools find() {
        Path promtool = executable("promtool");
        Path prometheus = executable("prometheus");
        if (promtool == null || prometheus == null) {
            throw new IllegalStateException("--alerts needs promtool and prometheus (Prometheus 2.x) on the PATH"
                    + " (Debian: apt-get install prometheus; or set CONFMON_PROMETHEUS_HOME to the folder holding both)");
        }
        return new PromTools(promtool, prometheus);
    }

    public Path prometheus() {
        return prometheus;
    }

    /** Turns an OpenMetrics file into TSDB blocks under {@code dataDir}. */
    public void blocksFromOpenMetrics(Path file, Path dataDir) throws IOException, InterruptedException {
        run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", file.toString(), dataDir.toString()), dataDir);
    }

    /** Evaluates the recording rules of {@code rules} over {@code start..end} against {@code url}, writing blocks to {@code outDir}. */
    public void blocksFromRules(Path rules, String url, long startMs, long endMs, long stepMs, Path outDir)
            throws IOException, InterruptedException {
        run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "rules",
                "--start=" + Instant.ofEpochMilli(startMs), "--end=" + Instant.ofEpochMilli(endMs),
                "--eval-interval=" + (stepMs / 1000) + "s", "--url=" + url, "--output-dir=" + outDir, rules.toString()), outDir);
    }

    private static void run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path log = Files.createTempFile("confmon-promtool", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 minutes");
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path executable(String name) {
        List<Path> dirs = new ArrayList<>();
        String home = System.getenv("CONFMON_PROMETHEUS_HOME");
        if (home != null) dirs.add(Path.of(home));
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty()) dirs.add(Path.of(d));
        }
        dirs.add(Path.of("/usr/bin"));
        dirs.add(Path.of("/usr/local/bin"));
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
