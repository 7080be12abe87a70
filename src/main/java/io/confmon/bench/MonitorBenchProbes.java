package io.confmon.bench;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.demo.GeneratorSettings;
import io.confmon.topology.ExpiryIndex;
import io.confmon.topology.Names;
import io.confmon.topology.PipelineCounter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Measurements on a live monitor: end-to-end latency, and what a pending prediction costs in state. */
final class MonitorBenchProbes {
    static final String LATENCY_MODEL = "latency";
    private static final long TIMEOUT_NS = 10_000_000_000L;
    /**
     * Between two asks of the API while a pair is timed: each figure is up to this much late. Asked
     * every millisecond, the answers and the asks took about a fifth of one CPU under load (the
     * HTTP server's and client's threads), taken from the monitor they measure.
     */
    static final long POLL_MS = 5;
    /**
     * The first ask comes this long after the label's ack, then one every {@link #POLL_MS} ms.
     * Asked from the ack on, a pair took about 16 asks, and its HTTP threads answering them took
     * 7-9 % of the monitor's CPU under load, 3-4 % with the first ask here: load the timing put on
     * the monitor it times. A pair served sooner counts this long (idle, 6 % of pairs were served
     * in 21-50 ms): a figure can be later than it was, never sooner.
     */
    static final long FIRST_ASK_MS = 50;

    private MonitorBenchProbes() {}

    /** Where each timed pair goes as it is served, besides the figures: its label's ack (UTC ms), its latency and its asks of the API. */
    interface PairSink {
        PairSink NONE = (index, labelAckedUtcMs, ms, asks, slowestAskMs) -> {};

        /** @param asks the API asks until it counted the pair, the slowest of them answered in {@code slowestAskMs} */
        void pair(int index, long labelAckedUtcMs, double ms, int asks, double slowestAskMs);
    }

    /** A pair's asks of the API: how many, and the slowest answer (a slow pair that waited for the API, not for the pipeline). */
    private static final class Asks {
        int count;
        double slowestMs;

        double servedTotal(HttpClient http, int httpPort, String model) throws java.io.IOException, InterruptedException {
            long from = System.nanoTime();
            double total = MonitorBenchRun.servedTotal(http, httpPort, model);
            count++;
            slowestMs = Math.max(slowestMs, (System.nanoTime() - from) / 1e6);
            return total;
        }
    }

    /**
     * {@code samples} times: a prediction, 20 ms later its label; the time from the label's producer
     * ack until {@code GET /api/v1/models/latency/matrix}, asked from {@link #FIRST_ASK_MS} ms after the ack
     * every {@link #POLL_MS} ms, counts the pair.
     */
    static MonitorBenchResult.Latency latency(int httpPort, String bootstrap, String predictions, String labels, int samples,
                                              String label) throws Exception {
        return latency(httpPort, bootstrap, predictions, labels, samples, label, PairSink.NONE);
    }

    /** As above, each pair also handed to {@code sink}. */
    static MonitorBenchResult.Latency latency(int httpPort, String bootstrap, String predictions, String labels, int samples,
                                              String label, PairSink sink) throws Exception {
        return latency(httpPort, bootstrap, predictions, labels, samples, label, LATENCY_MODEL, "lat-", false, sink);
    }

    /**
     * As above, for pairs of {@code model} with ids {@code idPrefix + n} (fresh ones: a repeated pair
     * would count once). A pair not served within 10 s ends the timing when {@code mayFallBehind} (a
     * monitor under load that fell behind: the figures so far, and that it did), and fails it otherwise.
     */
    private static MonitorBenchResult.Latency latency(int httpPort, String bootstrap, String predictions, String labels, int samples,
                                                      String label, String model, String idPrefix, boolean mayFallBehind,
                                                      PairSink sink) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        HttpClient http = HttpClient.newHttpClient();
        SplittableRandom rng = new SplittableRandom(7);
        List<Double> ms = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < samples; i++) {
                String id = idPrefix + String.format("%012d", i);
                long ts = System.currentTimeMillis();
                producer.send(BackgroundLoad.record(predictions, id, "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"ts\":" + ts
                        + ",\"predicted\":\"a\"}", ts)).get();
                Thread.sleep(20);
                long labelTs = System.currentTimeMillis();
                producer.send(BackgroundLoad.record(labels, id, "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"ts\":" + labelTs
                        + ",\"actual\":\"a\"}", labelTs)).get();
                long acked = System.nanoTime();
                long ackedUtcMs = System.currentTimeMillis();
                Thread.sleep(FIRST_ASK_MS);
                Asks asks = new Asks();
                while (asks.servedTotal(http, httpPort, model) < i + 1) {
                    if (System.nanoTime() - acked > TIMEOUT_NS) {
                        if (!mayFallBehind) throw new IllegalStateException(label + ": sample " + i + " not served within 10 s");
                        MonitorBench.progress("%s: sample %d not served within 10 s: the monitor fell behind; timing ends", label, i);
                        Collections.sort(ms);
                        return new MonitorBenchResult.Latency(ms, i);
                    }
                    Thread.sleep(POLL_MS);
                }
                ms.add((System.nanoTime() - acked) / 1e6);
                sink.pair(i, ackedUtcMs, ms.get(ms.size() - 1), asks.count, asks.slowestMs);
                if ((i + 1) % 50 == 0) MonitorBench.progress("%s: %d latency samples", label, i + 1);
                // Out of step with the flush and commit timers.
                Thread.sleep(rng.nextInt(40));
            }
        }
        Collections.sort(ms);
        return new MonitorBenchResult.Latency(ms);
    }

    /**
     * {@link #latency} while a {@link BackgroundLoad} sends pairs of another model at
     * {@code backgroundPerSecond} input records a second.
     *
     * @return the latency, and the background rate reached
     */
    static MonitorBenchResult.LoadedLatency latencyUnderLoad(int httpPort, String bootstrap, String predictions, String labels,
                                                             int samples, double backgroundPerSecond, String label) throws Exception {
        return latencyUnderLoad(httpPort, bootstrap, predictions, labels, samples, backgroundPerSecond, label, PairSink.NONE);
    }

    /** As above, each pair also handed to {@code sink}. */
    static MonitorBenchResult.LoadedLatency latencyUnderLoad(int httpPort, String bootstrap, String predictions, String labels,
                                                             int samples, double backgroundPerSecond, String label, PairSink sink)
            throws Exception {
        MonitorBenchResult.Latency latency;
        double reached;
        try (BackgroundLoad load = BackgroundLoad.start(bootstrap, predictions, labels, "background", "bg-", backgroundPerSecond)) {
            // Let the monitor settle into the load before timing pairs.
            Thread.sleep(3_000);
            latency = latency(httpPort, bootstrap, predictions, labels, samples, label + " under load", LATENCY_MODEL + "-loaded", "latl-", true,
                    sink);
            reached = load.perSecond();
        }
        return new MonitorBenchResult.LoadedLatency(latency, reached);
    }

    /**
     * A fresh monitor on topics of its own reads {@code m} predictions that get no label; then the
     * join's stores are read back (serialized sizes) and, after a clean close, their SST files sized.
     */
    static MonitorBenchResult.PendingState pending(String bootstrap, GeneratorSettings generator, int m, String prefix,
                                                   Map<String, String> settings, String label)
            throws Exception {
        MonitorBenchLoad.createTopics(bootstrap, Map.of(prefix + "predictions", MonitorBenchLoad.PREDICTION_PARTITIONS,
                prefix + "labels", MonitorBenchLoad.LABEL_PARTITIONS));
        MonitorBenchLoad.produce(bootstrap, generator, m, prefix + "predictions", prefix + "labels", true, label);
        Config config = MonitorBenchRun.config(bootstrap, prefix + "app", prefix, "exactly_once_v2", settings);
        MonitorBenchRun.Finished f = MonitorBenchRun.runUntil(config, generator.model(), PipelineCounter.PENDING, m, m, label);
        long entries = 0;
        long entryBytes = 0;
        long expiries = 0;
        long expiryBytes = 0;
        try (Monitor monitor = f.monitor()) {
            ReadOnlyKeyValueStore<String, byte[]> join = monitor.streams().store(
                    StoreQueryParameters.fromNameAndType(Names.JOIN_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> it = join.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    entries++;
                    entryBytes += kv.key.getBytes(StandardCharsets.UTF_8).length + kv.value.length;
                }
            }
            ReadOnlyKeyValueStore<Bytes, byte[]> expiry = monitor.streams().store(
                    StoreQueryParameters.fromNameAndType(Names.EXPIRY_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            try (KeyValueIterator<Bytes, byte[]> it = expiry.all()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    expiries += ExpiryIndex.filingsIn(kv.key, kv.value);
                    expiryBytes += kv.key.get().length + kv.value.length;
                }
            }
        }
        if (entries != m || expiries != m) {
            throw new IllegalStateException(label + ": expected " + m + " pending entries, the stores hold " + entries + " and file " + expiries);
        }
        long sst = MonitorBenchRun.sstBytes(config.stateDir(), List.of(Names.JOIN_STORE, Names.EXPIRY_STORE));
        MonitorBenchRun.deleteInternalTopics(config);
        MonitorBench.progress("%s: %,d pending: %.1f + %.1f serialized bytes each, %.1f bytes of SST files each", label, m,
                entryBytes / (double) m, expiryBytes / (double) m, sst / (double) m);
        return new MonitorBenchResult.PendingState(m, entryBytes / (double) m, expiryBytes / (double) m, sst > 0 ? sst / (double) m : -1);
    }
}
