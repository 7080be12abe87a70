package io.confmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code confmon broker} in a process of its own, so the contenders' CPU and heap are apart from
 * the broker's (it still shares the machine's cores with them). Ready once it prints its ready line.
 */
final class BrokerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on localhost:(\\d+)");
    private static final long START_TIMEOUT_NS = 120_000_000_000L;

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The garbage collector Kafka's own start script gives a broker ({@code KAFKA_JVM_PERFORMANCE_OPTS}
     * in {@code bin/kafka-run-class.sh}): a broker as Kafka starts one. Left to the JVM, a broker
     * bound to one CPU gets the serial collector, whose young collections stopped it for 17-81 ms,
     * 18 times in the 53 s pairs were timed under load in a latency run; with these, at most 26 ms
     * once the load was under way.
     */
    static final List<String> KAFKA_SCRIPT_GC = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

    /** Starts {@code confmon broker --port 0 --data-dir DIR}; its output goes to {@code log}. */
    static BrokerProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
        Path out = Files.createTempFile(log.getParent(), "broker-stdout", ".txt");
        Process p = new ProcessBuilder(command(dataDir)).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        long start = System.nanoTime();
        while (true) {
            Matcher m = READY.matcher(Files.readString(out));
            if (m.find()) return new BrokerProcess(p, Integer.parseInt(m.group(1)));
            if (!p.isAlive()) throw new IllegalStateException("confmon broker exited with " + p.exitValue() + ":\n" + ChildJvm.tail(log, 30));
            if (System.nanoTime() - start > START_TIMEOUT_NS) {
                p.destroyForcibly();
                throw new IllegalStateException("confmon broker not ready within 2 minutes:\n" + ChildJvm.tail(log, 30));
            }
            Thread.sleep(100);
        }
    }

    /** The broker's command line: {@code confmon broker} in a JVM with {@link #KAFKA_SCRIPT_GC}. */
    static List<String> command(Path dataDir) {
        return ChildJvm.command(KAFKA_SCRIPT_GC, "io.confmon.cli.Main", List.of("broker", "--port", "0", "--data-dir", dataDir.toString()),
                ChildJvm.OWN_CLASS_PATH);
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        ChildJvm.stop(process, 60);
    }
}
