package io.confmon.bench;

import io.confmon.app.Config;
import io.confmon.broker.EmbeddedBroker;
import io.confmon.demo.GeneratorSettings;
import io.confmon.topology.PipelineCounter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code confmon bench monitor}: the live monitor's throughput against a bare consumer of the same
 * topics, its end-to-end latency, and the state a pending prediction costs, for a few class counts,
 * in one run on a Kafka broker embedded in this JVM. The exactly-once run is profiled with Java
 * Flight Recorder, to say what limits it.
 */
public final class MonitorBench {
    public static final String MODEL = "bench";
    private static final long STARTED = System.nanoTime();

    /**
     * @param records        input records per run (half predictions, half labels)
     * @param classes        the class counts to run
     * @param latencySamples prediction + label pairs timed one at a time
     * @param pending        predictions without a label for the state measurement
     * @param monitorSettings configuration keys for every monitor run, over confmon's defaults
     * @param labelPartitions partitions of the labels topic (the predictions have {@link MonitorBenchLoad#PREDICTION_PARTITIONS}):
     *                        as many joins every label where it is read, fewer sends most through the by-id topic
     * @param loadRate        input records a second of other pairs while pairs are timed under load; empty for half the
     *                        exactly-once catch-up rate
     */
    public record Settings(long records, List<Integer> classes, int latencySamples, int pending, boolean profile,
                           Map<String, String> monitorSettings, int labelPartitions, java.util.OptionalDouble loadRate) {}

    private MonitorBench() {}

    public static void run(Settings settings, PrintStream out) throws Exception {
        progress("starting a Kafka broker embedded in this JVM (EmbeddedBroker.start(0, null))");
        List<MonitorBenchResult.PerClasses> results = new ArrayList<>();
        String bootstrap;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            bootstrap = broker.bootstrapServers();
            for (int k : settings.classes()) results.add(runFor(bootstrap, k, settings));
        }
        MonitorBenchReport.print(out, settings, bootstrap, results);
    }

    private static MonitorBenchResult.PerClasses runFor(String bootstrap, int k, Settings s) throws Exception {
        String label = "K=" + k;
        String prefix = "bench-k" + k + "-";
        String predictions = prefix + "predictions";
        String labels = prefix + "labels";
        long pairs = s.records() / 2;
        long records = 2 * pairs;
        GeneratorSettings generator = GeneratorSettings.of(k, k).withModel(MODEL)
                .withTimes(MonitorBenchLoad.recentStart(Duration.ofHours(1)), Duration.ofHours(1));

        MonitorBenchLoad.createTopics(bootstrap, Map.of(predictions, MonitorBenchLoad.PREDICTION_PARTITIONS, labels, s.labelPartitions()));
        double produceSeconds = MonitorBenchLoad.produce(bootstrap, generator, pairs, predictions, labels, false, label);
        progress("%s: produced %,d records in %.1f s", label, records, produceSeconds);

        // The best of three reads: the first also warms up the JIT.
        MonitorBenchResult.Rate bare = null;
        for (int run = 1; run <= 3; run++) {
            MonitorBenchResult.Rate r = MonitorBenchLoad.bareConsumer(bootstrap, Set.of(predictions, labels));
            progress("%s: bare consumer read %,d records in %.2f s: %,.0f records/s", label, r.records(), r.seconds(), r.perSecond());
            if (bare == null || r.seconds() < bare.seconds()) bare = r;
        }

        MonitorBenchProfile profile = s.profile() ? MonitorBenchProfile.start() : null;
        Config eosConfig = MonitorBenchRun.config(bootstrap, prefix + "eos", prefix, "exactly_once_v2", s.monitorSettings());
        MonitorBenchRun.Finished eos;
        String summary;
        try {
            eos = MonitorBenchRun.runUntil(eosConfig, MODEL, PipelineCounter.JOINED, pairs, records, label + " exactly_once_v2");
        } finally {
            summary = profile == null ? null : profile.stopAndSummarize(10);
        }
        MonitorBenchResult.Latency latency;
        try {
            latency = MonitorBenchProbes.latency(eos.monitor().httpPort(), bootstrap, predictions, labels, s.latencySamples(), label);
        } finally {
            MonitorBenchRun.discard(eos.monitor(), eosConfig);
        }
        progress("%s: latency p50 %.0f ms, p99 %.0f ms", label, latency.percentile(50), latency.percentile(99));

        Config alosConfig = MonitorBenchRun.config(bootstrap, prefix + "alos", prefix, "at_least_once", s.monitorSettings());
        MonitorBenchRun.Finished alos = MonitorBenchRun.runUntil(alosConfig, MODEL, PipelineCounter.JOINED, pairs, records,
                label + " at_least_once");
        MonitorBenchRun.discard(alos.monitor(), alosConfig);

        MonitorBenchResult.PendingState pending = MonitorBenchProbes.pending(bootstrap, generator, s.pending(), prefix + "pending-", s.monitorSettings(), label);

        // The latency goal holds at half the maximum rate: a fresh exactly-once monitor catches
        // up on the same topics, then pairs are timed while a producer adds half the catch-up rate
        // (or the rate asked for, to compare two builds or settings at the same load).
        Config loadedConfig = MonitorBenchRun.config(bootstrap, prefix + "loaded-eos", prefix, "exactly_once_v2", s.monitorSettings());
        MonitorBenchRun.Finished caughtUp = MonitorBenchRun.runUntil(loadedConfig, MODEL, PipelineCounter.JOINED, pairs, records,
                label + " exactly_once_v2, before the load");
        double rate = s.loadRate().orElse(eos.run().processing().perSecond() / 2);
        MonitorBenchResult.LoadedLatency loaded;
        try {
            loaded = MonitorBenchProbes.latencyUnderLoad(caughtUp.monitor().httpPort(), bootstrap, predictions, labels, s.latencySamples(), rate, label);
        } finally {
            MonitorBenchRun.discard(caughtUp.monitor(), loadedConfig);
        }
        progress("%s: latency at %,.0f records/s: %s", label, loaded.backgroundPerSecond(), loaded.latency().summary());
        return new MonitorBenchResult.PerClasses(k, records, produceSeconds, bare, eos.run(), alos.run(), latency, pending, summary, loaded);
    }

    /** A progress line on standard error, with the seconds since the benchmark started. */
    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, String.format(Locale.ROOT, format, args));
    }
}
