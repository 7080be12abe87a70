package io.confmon.bench;

import io.confmon.app.Config;
import io.confmon.backfill.BackfillConfig;
import io.confmon.backfill.Replay;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.broker.EmbeddedBroker;
import io.confmon.demo.EventGenerator;
import io.confmon.demo.GeneratorSettings;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.NotReadyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Backfill speed against the live monitor's catch-up, in one run on one embedded broker: the same
 * topics (N records of the generator's prediction + label pairs, predictions in 3 partitions,
 * labels in 2) read from the earliest offsets by {@code confmon run}'s monitor with a fresh
 * application id and its default settings until every pair is joined, then by the backfill's
 * replay until it returns (read to the end offsets, every delta in the buckets). Both timed from
 * their start, start-up included, as a user waits for them. Run:
 * {@code java -cp target/confmon.jar io.confmon.backfill.BackfillBench [pairs...]}.
 */
public final class BackfillBench {
    private BackfillBench() {}

    public static void main(String[] args) throws Exception {
        List<Long> sizes = args.length == 0 ? List.of(100_000L, 200_000L) : java.util.Arrays.stream(args).map(Long::parseLong).toList();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            System.out.printf("%-8s %-38s %10s %12s %8s%n", "pairs", "contender", "seconds", "records/s", "x live");
            for (long pairs : sizes) {
                String prefix = "bench" + pairs + "-";
                Config base = config(broker.bootstrapServers(), prefix, "bench-live-" + pairs);
                TopicSetup.create(base.kafkaProperties(), List.of(prefix + "predictions"), 3);
                TopicSetup.create(base.kafkaProperties(), List.of(prefix + "labels"), 2);
                TopicSetup.create(base.kafkaProperties(), List.of(prefix + "dlq", prefix + "snapshots"), 1);
                produce(broker.bootstrapServers(), prefix, pairs);
                long records = 2 * pairs;
                double live = live(base, pairs);
                double backfill = backfill(broker.bootstrapServers(), prefix, "bench-backfill-" + pairs, pairs);
                row(pairs, "live monitor catch-up (exactly_once_v2)", live, records, live);
                row(pairs, "confmon backfill (replay to end offsets)", backfill, records, live);
            }
        }
    }

    private static void row(long pairs, String what, double seconds, long records, double liveSeconds) {
        System.out.printf(Locale.ROOT, "%-8d %-38s %10.2f %,12.0f %8.2f%n", pairs, what, seconds, records / seconds, liveSeconds / seconds);
    }

    private static Config config(String bootstrap, String prefix, String app) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", bootstrap);
        flags.put("application.id", app);
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-bench-backfill").toString());
        flags.put("topics.predictions", prefix + "predictions");
        flags.put("topics.labels", prefix + "labels");
        flags.put("topics.dlq", prefix + "dlq");
        flags.put("topics.snapshots", prefix + "snapshots");
        return Config.load(null, Map.of(), flags);
    }

    private static void produce(String bootstrap, String prefix, long pairs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            new EventGenerator(GeneratorSettings.of(1, 10)).generate(pairs,
                    // Stamped now: stamped with the generator's event time (last year) the broker's retention would delete them.
                    r -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            r.kind() == io.confmon.demo.GeneratedRecord.Kind.PREDICTION ? prefix + "predictions" : prefix + "labels", r.key(), r.value())));
            producer.flush();
        }
    }

    /** Seconds from start until every pair is joined, as the live monitor catches up. */
    private static double live(Config config, long pairs) throws Exception {
        long start = System.nanoTime();
        try (Monitor monitor = Monitor.start(config, Monitor.Instruments.NONE)) {
            while (joined(monitor) < pairs) {
                if (monitor.failed()) throw new IllegalStateException("the live monitor failed", monitor.failure());
                Thread.sleep(20);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static long joined(Monitor monitor) {
        try {
            return monitor.local().totals("bench").map(t -> t.get(PipelineCounter.JOINED)).orElse(0L);
        } catch (NotReadyException | InvalidStateStoreException e) {
            return 0;
        }
    }

    private static double backfill(String bootstrap, String prefix, String app, long pairs) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", bootstrap);
        flags.put("application.id", app);
        flags.put("state.dir", Files.createTempDirectory("confmon-bench-backfill").toString());
        flags.put("topics.predictions", prefix + "predictions");
        flags.put("topics.labels", prefix + "labels");
        Config config = BackfillConfig.load(extra -> {
            Map<String, String> all = new LinkedHashMap<>(extra);
            all.putAll(flags);
            return Config.load(null, Map.of(), all);
        }, flags);
        long start = System.nanoTime();
        try (Replay replay = Replay.run(config, new PrintWriter(new StringWriter()), false)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelTotals t = replay.local().totals("bench").orElseThrow();
            if (t.get(PipelineCounter.JOINED) != pairs) {
                throw new IllegalStateException("the backfill joined " + t.get(PipelineCounter.JOINED) + " pairs, not " + pairs);
            }
            return seconds;
        }
    }
}
