package io.confmon.bench;

import io.confmon.app.Config;
import io.confmon.json.Json;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import io.confmon.topology.ConfmonTopology;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.BucketRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The main class of one contender's JVM: every contender of {@code bench monitor} runs in a fresh
 * process of its own (same JVM options, cold JIT, its own heap), against the broker's process.
 * Arguments: {@code CONTENDER BOOTSTRAP PREDICTIONS LABELS PAIRS WORK_DIR [KEY=VALUE...]} (the
 * settings go to confmon, but for {@link #WARMUP_SETTING}; the bare and DSL joins take those named
 * {@code streams.*}, as Streams properties without the prefix). Prints {@link ContenderResult#LINE_PREFIX}
 * and the result as JSON.
 *
 * <p>With {@link #WARMUP_SETTING}, a join first runs the whole way, as a separate application with
 * its own state, on warm-up topics as large as the measured ones, and is closed; as many times as
 * {@link #WARMUP_PASSES_SETTING} says (once without it). Then the measured run starts, with less
 * of the JIT compilers' work left (after three passes of 400k records, 1-2 s of JIT in a 4-6 s
 * run). The first warm-up pass (a fresh JVM) and the measured run are reported, the later passes
 * in the note.
 */
public final class MonitorBenchChild {
    /** How often a join's count is read while it catches up: the resolution of its time (as often as confmon's, {@link MonitorBenchRun}). */
    private static final long POLL_MS = 20;
    /** After the last pair, how long a join keeps running before its counts are checked: a late double count shows. */
    private static final long SETTLE_MS = 1_000;
    private static final long TIMEOUT_NS = Duration.ofMinutes(10).toNanos();

    enum Contender { CONSUMER, DSL, BARE_JOIN, CONFMON }

    /** The settings of the bare and DSL joins that are Streams properties: this prefix and the property's name. */
    static final String STREAMS_PREFIX = "streams.";

    /**
     * A setting for the child, not for confmon: the topic prefix of the warm-up topics
     * ({@code PREFIXpredictions}, {@code PREFIXlabels}). A build from before it has no such key,
     * and its confmon refuses the setting by name.
     */
    static final String WARMUP_SETTING = "bench.warmup";
    /**
     * A setting for the child: how many warm-up passes (1 without it). One pass of 400k records
     * left the compilers busy through most of the measured run (JIT 5 s of a 6 s run for confmon,
     * 2.5 s for the bare join), so the measured run still measured the JIT.
     */
    static final String WARMUP_PASSES_SETTING = "bench.warmup.passes";
    /** After a warm-up pass, the longest wait for the CPUs to be quiet (its last compactions, the broker's clean-up). */
    private static final Duration WARMUP_QUIET_WAIT = Duration.ofSeconds(30);

    private MonitorBenchChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: MonitorBenchChild CONSUMER|DSL|BARE_JOIN|CONFMON BOOTSTRAP PREDICTIONS LABELS PAIRS WORK_DIR [KEY=VALUE...]");
            System.exit(2);
        }
        Contender contender = Contender.valueOf(args[0]);
        String bootstrap = args[1];
        String predictions = args[2];
        String labels = args[3];
        long pairs = Long.parseLong(args[4]);
        Path workDir = Path.of(args[5]);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String kv : Arrays.asList(args).subList(6, args.length)) {
            int eq = kv.indexOf('=');
            settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String warmUp = settings.remove(WARMUP_SETTING);
        String passesSetting = settings.remove(WARMUP_PASSES_SETTING);
        int passes = passesSetting == null ? 1 : Integer.parseInt(passesSetting);
        ContenderResult result;
        if (warmUp == null || contender == Contender.CONSUMER) {
            result = run(contender, bootstrap, predictions, labels, pairs, workDir, settings, false);
        } else {
            ContenderResult first = null;
            StringBuilder later = new StringBuilder();
            for (int pass = 1; pass <= passes; pass++) {
                ContenderResult r = run(contender, bootstrap, warmUp + "predictions", warmUp + "labels", pairs,
                        workDir.resolve("warm-up-" + pass), settings, true);
                MonitorBench.progress("%s: warm-up pass %d of %d done at %,.0f records/s (JIT %.1f s)", contender, pass, passes, r.perSecond(),
                        r.jitSeconds());
                if (first == null) first = r;
                else later.append(later.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f/s (JIT %.1f s)", r.perSecond(), r.jitSeconds()));
                QuietMachine.await(WARMUP_QUIET_WAIT);
            }
            result = run(contender, bootstrap, predictions, labels, pairs, workDir.resolve("measured"), settings, false).withWarmUp(first);
            if (later.length() > 0) result = result.withNote("warm-up passes 2-" + passes + ": " + later);
        }
        System.out.println(ContenderResult.LINE_PREFIX + Json.MAPPER.writeValueAsString(result));
        System.out.flush();
        // Closing Streams can take seconds (a last commit, the state's checkpoint): not part of any figure.
        System.exit(0);
    }

    /** One run of a contender; {@code close}: stop it once done (a warm-up pass; the measured run is left to the JVM's exit). */
    private static ContenderResult run(Contender contender, String bootstrap, String predictions, String labels, long pairs, Path workDir,
                                       Map<String, String> settings, boolean close) throws Exception {
        java.nio.file.Files.createDirectories(workDir);
        return switch (contender) {
            case CONSUMER -> consumer(bootstrap, predictions, labels);
            case DSL -> streams("dsl", TextbookDslJoin.build(predictions, labels), TextbookDslJoin.COUNT_STORE, bootstrap, pairs, workDir,
                    settings, close);
            case BARE_JOIN -> streams("bare-join", BareProcessorJoin.build(predictions, labels), BareProcessorJoin.COUNT_STORE, bootstrap,
                    pairs, workDir, settings, close);
            case CONFMON -> confmon(bootstrap, predictions, labels, pairs, workDir, settings, close);
        };
    }

    /** A bare KafkaConsumer reads both topics to their end offsets three times; the best read counts (the first has a cold JIT). */
    private static ContenderResult consumer(String bootstrap, String predictions, String labels) {
        MonitorBenchResult.Rate best = null;
        double bestCpu = -1;
        StringBuilder all = new StringBuilder();
        for (int run = 1; run <= 3; run++) {
            long cpu = processCpuNanos();
            MonitorBenchResult.Rate r = MonitorBenchLoad.bareConsumer(bootstrap, Set.of(predictions, labels));
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            MonitorBench.progress("bare consumer: %,d records in %.2f s: %,.0f records/s", r.records(), r.seconds(), r.perSecond());
            all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", r.perSecond()));
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
                bestCpu = cpuSeconds;
            }
        }
        return ContenderResult.withoutSplit(best.records(), 0, best.seconds(), bestCpu, "best of 3 reads (" + all + " records/s)");
    }

    /**
     * A Streams contender with exactly_once_v2 and Streams' defaults (but for {@code streams.*}
     * settings given to it), timed from RUNNING until its count store holds every pair.
     */
    private static ContenderResult streams(String name, Topology topology, String countStore, String bootstrap, long pairs, Path workDir,
                                           Map<String, String> settings, boolean close) throws InterruptedException {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + name + "-" + System.currentTimeMillis());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // No global stores, so the global handler's switch changes nothing; on, as confmon has it, Streams does not warn on every start.
        ConfmonTopology.streamsSettings().forEach(p::put);
        settings.forEach((key, value) -> {
            if (key.startsWith(STREAMS_PREFIX)) p.put(key.substring(STREAMS_PREFIX.length()), value);
        });
        long[] runningAt = {0};
        CpuMark[] atRunning = {null};
        Thread watcher = Thread.currentThread();
        long start = System.nanoTime();
        KafkaStreams streams = new KafkaStreams(topology, p);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && runningAt[0] == 0) {
                runningAt[0] = System.nanoTime();
                atRunning[0] = CpuMark.now(watcher);
            }
        });
        streams.start();
        long lastProgress = start;
        while (true) {
            long now = System.nanoTime();
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException(name + ": Kafka Streams failed (see its log above)");
            }
            long counted = runningAt[0] == 0 ? 0 : counts(streams, countStore).total();
            if (counted >= pairs) {
                double seconds = (now - runningAt[0]) / 1e9;
                CpuMark.Used used = CpuMark.now(watcher).since(atRunning[0]);
                MonitorBench.progress("%s: %,d pairs counted in %.1f s after running: %,.0f input records/s", name, counted, seconds,
                        2 * pairs / seconds);
                Thread.sleep(SETTLE_MS);
                ContenderResult r = new ContenderResult(2 * pairs, (runningAt[0] - start) / 1e9, seconds, used.contenderSeconds(),
                        counts(streams, countStore).asMap(), counted == pairs ? "" : counted + " counted when first seen done",
                        used.jitSeconds(), used.streamThreadSeconds(), used.watcherSeconds(), null);
                if (close) streams.close(Duration.ofMinutes(1));
                return r;
            }
            if (now - lastProgress > 2_000_000_000L) {
                MonitorBench.progress("%s: %,d of %,d pairs counted", name, counted, pairs);
                lastProgress = now;
            }
            if (now - start > TIMEOUT_NS) throw new IllegalStateException(name + ": not done within 10 minutes (" + counted + " of " + pairs + ")");
            Thread.sleep(POLL_MS);
        }
    }

    /** CPU time of this whole process (every thread, JIT and GC included), from the JVM's own accounting. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The cells of every local task's count store, summed (a store per partition for the bare join, per cell for the DSL). */
    private static CellCounts counts(KafkaStreams streams, String store) {
        CellCounts counts = new CellCounts();
        try (KeyValueIterator<String, Long> it = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, Long>keyValueStore())).all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                counts.addKey(kv.key, kv.value);
            }
        } catch (InvalidStateStoreException notQueryableYet) {
            return new CellCounts();
        }
        return counts;
    }

    /** confmon's monitor as {@code confmon run} runs it (same class, same instruments), timed from ready until it has joined every pair. */
    private static ContenderResult confmon(String bootstrap, String predictions, String labels, long pairs, Path workDir,
                                           Map<String, String> settings, boolean close) throws Exception {
        String prefix = predictions.substring(0, predictions.length() - "predictions".length());
        if (!labels.equals(prefix + "labels")) throw new IllegalArgumentException("topics must be PREFIXpredictions and PREFIXlabels");
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.putIfAbsent("state.dir", workDir.resolve("state").toString());
        Config config = MonitorBenchRun.config(bootstrap, prefix + "confmon-" + System.currentTimeMillis(), prefix, "exactly_once_v2", s);
        MonitorBenchRun.Finished f = MonitorBenchRun.runUntil(config, MonitorBench.MODEL, PipelineCounter.JOINED, pairs, 2 * pairs, "confmon");
        Thread.sleep(SETTLE_MS);
        ConfusionMatrix m = f.monitor().local().view(MonitorBench.MODEL, BucketRange.ALL, Map.of()).matrix();
        CellCounts cells = new CellCounts();
        List<String> names = m.classes().names();
        for (int a = 0; a < names.size(); a++) {
            for (int p = 0; p < names.size(); p++) {
                long units = m.units(a, p);
                if (units % Weights.UNITS_PER_WEIGHT != 0) throw new IllegalStateException("a weight that is not whole: " + units);
                cells.add(names.get(a), names.get(p), units / Weights.UNITS_PER_WEIGHT);
            }
        }
        long joined = MonitorBenchRun.count(f.monitor(), MonitorBench.MODEL, PipelineCounter.JOINED);
        String note = joined == pairs ? "" : "joined " + joined + " after settling";
        if (!settings.isEmpty()) {
            note += (note.isEmpty() ? "" : "; ") + "settings " + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
        if (close) f.monitor().close();
        return new ContenderResult(2 * pairs, f.run().startupSeconds(), f.run().processing().seconds(), f.used().contenderSeconds(),
                cells.asMap(), note, f.used().jitSeconds(), f.used().streamThreadSeconds(), f.used().watcherSeconds(), null);
    }
}
