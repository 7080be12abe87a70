package io.confmon.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code confmon} as users start it: a child JVM on this test's class path with main
 * {@link Main}, its standard output and error read as they come. Closing kills it if a test left
 * it running.
 */
final class ConfmonProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("confmon running: http://localhost:(\\d+)/");

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> readers = new ArrayList<>();

    private ConfmonProcess(Process process) {
        this.process = process;
        readers.add(drain(process.getInputStream(), out, "confmon-child-stdout"));
        readers.add(drain(process.getErrorStream(), err, "confmon-child-stderr"));
    }

    static ConfmonProcess start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A small, quickly started JVM: the machine is shared and the test starts several.
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only the flags given here configure the child, not CONFMON_* variables of whoever runs the build.
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFMON_"));
        return new ConfmonProcess(builder.start());
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Both streams, for assertion messages. */
    String output() {
        return "--- stdout:\n" + out + "--- stderr:\n" + err;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for standard error to contain {@code text}; fails early if the process exits. */
    void awaitErr(String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .failFast("confmon exited", () -> !process.isAlive() && !err().contains(text))
                .until(() -> err().contains(text));
    }

    /** The port of the {@code confmon running: http://localhost:PORT/} line on standard output. */
    int awaitHttpPort(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .failFast("confmon exited", () -> !process.isAlive())
                .until(() -> RUNNING.matcher(out()).find());
        Matcher m = RUNNING.matcher(out());
        if (!m.find()) throw new AssertionError("no 'confmon running' line in\n" + output());
        return Integer.parseInt(m.group(1));
    }

    /** Waits for the process to exit by itself and returns its exit code, with all its output read. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("confmon still running after " + atMost + "\n" + output());
        }
        for (Thread reader : readers) reader.join(atMost.toMillis());
        return process.exitValue();
    }

    /**
     * Sends SIGTERM and waits for the exit code; see {@link #awaitExit}. Through the process handle:
     * {@link Process#destroy()} sends the same signal but also closes our ends of the pipes, which
     * would lose what the child logs while it stops.
     */
    int terminate(Duration atMost) throws InterruptedException {
        if (!process.toHandle().destroy()) throw new AssertionError("could not send SIGTERM to confmon\n" + output());
        return awaitExit(atMost);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Thread drain(InputStream stream, StringBuffer into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) into.append(line).append('\n');
            } catch (IOException e) {
                // Closed on our side by close() killing the child: say so where the output is read.
                into.append("[confmon output no longer read: ").append(e.getMessage()).append("]\n");
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
