package io.confmon.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code confmon score} in a child JVM, as it runs in production, so that it can be killed with
 * SIGKILL: no shutdown hook, no abort, no close; its open transaction is left to the broker and to
 * the next incarnation (same transactional id) to abort.
 */
final class ChildScorer {
    private final Process process;
    private final Path log;
    private final long startedMs = System.currentTimeMillis();

    private ChildScorer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code confmon score ARGS...} with this JVM's class path (TensorFlow Java included); output goes to {@code log}. */
    static ChildScorer start(List<String> scoreArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "io.confmon.cli.Main", "score"));
        command.addAll(scoreArgs);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildScorer(p, log);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    long startedMs() {
        return startedMs;
    }

    Duration uptime() {
        return Duration.ofMillis(System.currentTimeMillis() - startedMs);
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("pid " + pid() + " survived SIGKILL");
    }

    /** SIGTERM: {@code score} ends its current transaction and closes its clients. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }

    /** The last lines of the child's output, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
