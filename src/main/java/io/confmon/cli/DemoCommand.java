package io.confmon.cli;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.broker.EmbeddedBroker;
import io.confmon.demo.DemoSetup;
import io.confmon.demo.TrafficSimulator;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.NotReadyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code confmon demo}: one command, no setup. A Kafka broker in the process, a simulated
 * Fashion-MNIST classifier (and a canary) whose labels arrive late, sometimes never, sometimes
 * corrected, with a few malformed records; the monitor and its page. After {@code --drift-after}
 * the classifier starts confusing Shirt with T-shirt/top much more.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run everything at once: an embedded broker, simulated classifier traffic with late labels, and the monitor.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long (e.g. 5m); default: until Ctrl-C.")
    String duration;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "N", description = "Requests per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--drift-after", defaultValue = "3m", paramLabel = "D",
            description = "When Shirt starts being predicted as T-shirt/top much more (default ${DEFAULT-VALUE}).")
    String driftAfter;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT", description = "HTTP port (default: a free one).")
    int httpPort;

    @Option(names = "--broker-port", defaultValue = "0", paramLabel = "PORT", description = "Kafka port (default: a free one).")
    int brokerPort;

    @Override
    public Integer call() throws Exception {
        Duration runFor = duration == null ? null : Duration.ofMillis(parse("--duration", duration));
        Duration drift = Duration.ofMillis(parse("--drift-after", driftAfter));
        if (!(rate > 0 && rate <= 100_000)) throw new UsageError("--rate must be between 0 and 100000 requests per second");
        PrintWriter out = spec.commandLine().getOut();
        Path state = Files.createTempDirectory("confmon-demo");
        quietAboutTemporaryState();

        out.println("starting a Kafka broker in this process...");
        out.flush();
        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, null)) {
            Config config = Config.load(null, Map.of(), httpSettings(DemoSetup.monitorSettings(broker.bootstrapServers(), state)));
            TopicSetup.createAll(config);
            try (Monitor monitor = Monitor.start(config, new MonitorInstruments())) {
                Clock clock = Clock.systemUTC();
                Instant driftAt = clock.instant().plus(drift);
                try (TrafficSimulator traffic = DemoSetup.startTraffic(broker.bootstrapServers(), rate, driftAt, clock)) {
                    welcome(out, broker, monitor, driftAt);
                    runUntilStopped(out, monitor, traffic, runFor);
                }
            }
        } finally {
            deleteQuietly(state);
        }
        return ExitCodes.OK;
    }

    /**
     * The demo keeps its state in a temporary folder on purpose (deleted when it stops), so Kafka
     * Streams' warning that state under the temp dir may be cleared by the OS says nothing a demo
     * user can act on. Raised for that one logger, before Kafka Streams creates it; {@code run}
     * keeps the warning, since there it is advice (set {@code state.dir}).
     */
    private static void quietAboutTemporaryState() {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StateDirectory", "error");
    }

    private Map<String, String> httpSettings(Map<String, String> s) {
        s.put("http.port", Integer.toString(httpPort));
        return s;
    }

    private void welcome(PrintWriter out, EmbeddedBroker broker, Monitor monitor, Instant driftAt) {
        String base = "http://localhost:" + monitor.httpPort();
        out.println();
        out.println("confmon demo is running");
        out.println("  live page       " + base + "/");
        out.println("  models          " + base + "/api/v1/models");
        out.println("  matrix (1 h)    " + base + "/api/v1/models/fashion/matrix?last=1h");
        out.println("  heatmap         " + base + "/api/v1/models/fashion/heatmap.png?last=5m");
        out.println("  metrics         " + base + "/metrics");
        out.println("  Kafka           " + broker.bootstrapServers() + "  (topics predictions, labels, confmon-dlq, confmon-snapshots)");
        out.println();
        out.println("What to look at: the models have served for " + DemoSetup.HISTORY.toMinutes() + " minutes already (sent at once, dated");
        out.println("back), and labels arrive 20 s after their prediction on average, so the matrix fills in behind");
        out.println("the traffic. At " + driftAt + " the model 'fashion' starts predicting Shirt as T-shirt/top");
        out.println("far more often: within a minute the page's change view (last " + DemoSetup.MID_VIEW + " against the last "
                + DemoSetup.BASELINE_VIEW + ", shorter than");
        out.println("production's views so a demo shows it) turns that cell red and outlines it, and its trend line steps up.");
        out.println("Compare with 'fashion-canary'.");
        out.println("The predictions carry probabilities: the page sets the expected matrix beside the counted one, and");
        out.println("after the drift the calibration table shows Shirt's realized recall falling below what the model promised.");
        // The shipped rule judges a 20m view against 24h: a demo minutes old has no 24h baseline to rise
        // above, so it is not promised here (PrometheusEndToEndTest runs the rules on this traffic with shorter views).
        out.println("Gauges for Prometheus: " + base + "/metrics (the shipped rules in grafana/prometheus/ compare 20 minutes with 24 hours).");
        out.println("Ctrl-C stops.");
        out.println();
        out.flush();
    }

    private static void runUntilStopped(PrintWriter out, Monitor monitor, TrafficSimulator traffic, Duration runFor)
            throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = new Thread(interrupted::countDown, "confmon-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline && !monitor.failed()) {
            long waitMs = Math.min(10_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (interrupted.await(waitMs, TimeUnit.MILLISECONDS) || waitMs < 10_000) break;
            out.println(status(monitor, traffic));
            out.flush();
        }
        out.println(status(monitor, traffic));
        traffic.stopRequests();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is already stopping, the hook has run.
        }
    }

    private static String status(Monitor monitor, TrafficSimulator traffic) {
        String joined;
        try {
            joined = monitor.local().totals("fashion")
                    .map(t -> t.get(PipelineCounter.JOINED) + " joined, " + t.get(PipelineCounter.PENDING) + " pending")
                    .orElse("nothing joined yet");
        } catch (NotReadyException e) {
            joined = "monitor starting";
        }
        return java.time.LocalTime.now().withNano(0) + "  " + traffic.counts().statusLine() + " | fashion: " + joined;
    }

    private static long parse(String option, String value) {
        try {
            return io.confmon.time.Durations.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
