package io.confmon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.json.Json;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.NotReadyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** Runs confmon's monitor in this JVM, as {@code confmon run} does, and watches its counts. */
final class MonitorBenchRun {
    private static final long POLL_MS = 20;

    /** A monitor that has joined every pair, still running, and how fast it got there (and the CPU it took). */
    record Finished(Monitor monitor, MonitorBenchResult.MonitorRun run, CpuMark.Used used) {}

    /**
     * Every run's state dir lives under this one, deleted when the benchmark's JVM exits (its
     * monitors closed by then): an in-JVM run leaves about a GB of RocksDB files.
     */
    private static final Path STATE_ROOT = stateRoot();

    private MonitorBenchRun() {}

    private static Path stateRoot() {
        try {
            Path root = Files.createTempDirectory("confmon-bench-state");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    org.apache.kafka.common.utils.Utils.delete(root.toFile());
                } catch (IOException e) {
                    System.err.println("could not delete " + root + ": " + e.getMessage());
                }
            }, "bench-state-cleanup"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the benchmark's state", e);
        }
    }

    /** The configuration of one run: its own application id and state dir, the default settings otherwise. */
    static Config config(String bootstrap, String applicationId, String topicPrefix, String guarantee, Map<String, String> extra)
            throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", bootstrap);
        flags.put("application.id", applicationId);
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory(STATE_ROOT, applicationId + "-").toString());
        flags.put("topics.predictions", topicPrefix + "predictions");
        flags.put("topics.labels", topicPrefix + "labels");
        flags.put("topics.dlq", topicPrefix + "dlq");
        flags.put("topics.snapshots", topicPrefix + "snapshots");
        flags.putAll(extra);
        flags.put("processing.guarantee", guarantee);
        Config config = Config.load(null, Map.of(), flags);
        TopicSetup.create(config.kafkaProperties(), TopicSetup.topics(config), config.topicPartitions());
        return config;
    }

    /** Starts a monitor and waits until {@code counter} of {@code model} reaches {@code target}; the monitor keeps running. */
    static Finished runUntil(Config config, String model, PipelineCounter counter, long target, long inputRecords, String label)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Monitor monitor = Monitor.start(config, new MonitorInstruments());
        long running = -1;
        long lastProgress = start;
        MonitorBenchCpu cpu = null;
        CpuMark atRunning = null;
        while (true) {
            long now = System.nanoTime();
            if (monitor.failed()) {
                monitor.close();
                throw new IllegalStateException(label + ": the monitor failed", monitor.failure());
            }
            if (running < 0 && monitor.ready()) {
                running = now;
                cpu = MonitorBenchCpu.start();
                atRunning = CpuMark.now(Thread.currentThread());
                MonitorBench.progress("%s: running after %.1f s", label, (running - start) / 1e9);
            }
            long count = count(monitor, model, counter);
            if (count >= target) {
                if (running < 0) running = start;
                CpuMark done = CpuMark.now(Thread.currentThread());
                String cpuSummary = cpu == null ? "" : cpu.summary();
                double seconds = (now - running) / 1e9;
                MonitorBench.progress("%s: %s %,d in %.1f s after running: %,.0f input records/s", label, counter.label(), count,
                        seconds, inputRecords / seconds);
                return new Finished(monitor, new MonitorBenchResult.MonitorRun(config.get("processing.guarantee"),
                        (running - start) / 1e9, new MonitorBenchResult.Rate(inputRecords, seconds, 0), cpuSummary),
                        done.since(atRunning == null ? done : atRunning));
            }
            if (now - lastProgress > 2_000_000_000L) {
                MonitorBench.progress("%s: %s %,d of %,d", label, counter.label(), count, target);
                lastProgress = now;
            }
            if (now - start > 600_000_000_000L) {
                monitor.close();
                throw new IllegalStateException(label + ": not done within 10 minutes (" + count + " of " + target + ")");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Closes a run's monitor and deletes its application's internal topics (changelogs and
     * repartition topics, all named {@code <application.id>-...}). A finished run's changelogs
     * otherwise stay on the one broker, and its log cleaner compacts them while a later run is
     * timed, on the same CPUs: up to half of one was seen. Application ids here must not prefix
     * one another.
     */
    static void discard(Monitor monitor, Config config) throws Exception {
        monitor.close();
        deleteInternalTopics(config);
    }

    /** Deletes the internal topics of a run whose monitor is closed; see {@link #discard}. */
    static void deleteInternalTopics(Config config) throws Exception {
        String prefix = config.applicationId() + "-";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).sorted().toList();
            admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
            MonitorBench.progress("%s: closed, its %d internal topics deleted", config.applicationId(), internal.size());
        }
    }

    static long count(Monitor monitor, String model, PipelineCounter counter) {
        try {
            Optional<ModelTotals> totals = monitor.local().totals(model);
            return totals.map(t -> t.get(counter)).orElse(0L);
        } catch (NotReadyException | InvalidStateStoreException e) {
            return 0;
        }
    }

    /** The matrix total of a model's last hour, over HTTP as a dashboard reads it; 0 while the model is unknown. */
    static double servedTotal(HttpClient http, int httpPort, String model) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/models/" + model + "/matrix?last=1h")).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) return 0;
        JsonNode doc = Json.MAPPER.readTree(response.body());
        return doc.get("total").asDouble();
    }

    /** Sizes of the RocksDB SST files of the named stores under a state dir (after a clean close they hold everything). */
    static long sstBytes(Path stateDir, List<String> stores) throws IOException {
        long[] sum = {0};
        try (var files = Files.walk(stateDir)) {
            files.filter(p -> p.toString().endsWith(".sst"))
                    .filter(p -> stores.stream().anyMatch(s -> p.getParent() != null && p.getParent().getFileName().toString().equals(s)))
                    .forEach(p -> {
                        try {
                            sum[0] += Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return sum[0];
    }
}
