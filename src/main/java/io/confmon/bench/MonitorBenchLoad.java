package io.confmon.bench;

import io.confmon.app.TopicSetup;
import io.confmon.demo.EventGenerator;
import io.confmon.demo.GeneratedRecord;
import io.confmon.demo.GeneratedSummary;
import io.confmon.demo.GeneratorSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input and its baseline: generated prediction + label records produced once into
 * two topics, and a bare {@link KafkaConsumer} reading both from the beginning to the end offsets.
 */
final class MonitorBenchLoad {
    static final int PREDICTION_PARTITIONS = 3;
    static final int LABEL_PARTITIONS = 2;
    /** How every id of the {@link EventGenerator} starts. */
    static final String GENERATOR_ID_PREFIX = "req-";
    /** Where the id starts in a generated record's JSON: after <code>{"id":"</code>. */
    private static final int JSON_ID_AT = 7;

    private MonitorBenchLoad() {}

    /** The first prediction time for generated traffic: recent, because a broker deletes records older than a topic's retention. */
    static long recentStart(Duration span) {
        return System.currentTimeMillis() - span.toMillis() - Duration.ofHours(1).toMillis();
    }

    static void createTopics(String bootstrap, Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1)));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            if (!TopicSetup.awaitLeaders(admin, partitions.keySet())) {
                throw new IllegalStateException("partitions of " + partitions.keySet() + " have no leader after 30 s");
            }
        }
    }

    /**
     * Creates {@code <prefix>predictions} and {@code <prefix>labels} (the comparison's partition
     * counts) and fills the first with {@code n} generated predictions that no label follows, over
     * the last hour (model {@value MonitorBench#MODEL}, K=10): state that waits. Returns the seconds producing took.
     */
    static double pendingPredictions(String bootstrap, String prefix, long n, String progressLabel) throws Exception {
        createTopics(bootstrap, Map.of(prefix + "predictions", MonitorBenchComparison.PARTITIONS, prefix + "labels", MonitorBenchComparison.PARTITIONS));
        GeneratorSettings generator = GeneratorSettings.of(n, 10).withModel(MonitorBench.MODEL)
                .withTimes(recentStart(Duration.ofHours(1)), Duration.ofHours(1));
        return produce(bootstrap, generator, n, prefix + "predictions", prefix + "labels", true, progressLabel);
    }

    /** Produces {@code pairs} generated pairs (or only their predictions) as fast as the broker takes them; returns the seconds. */
    static double produce(String bootstrap, GeneratorSettings settings, long pairs, String predictions, String labels,
                          boolean predictionsOnly, String progressLabel) throws Exception {
        return produceCounted(bootstrap, settings, pairs, predictions, labels, predictionsOnly, progressLabel).seconds();
    }

    /** The seconds producing took, and what the generator drew (the expected counts). */
    record Produced(double seconds, GeneratedSummary summary) {}

    static Produced produceCounted(String bootstrap, GeneratorSettings settings, long pairs, String predictions, String labels,
                                   boolean predictionsOnly, String progressLabel) throws Exception {
        return produceCounted(bootstrap, settings, pairs, predictions, labels, predictionsOnly, GENERATOR_ID_PREFIX, progressLabel);
    }

    /**
     * As above, with ids that start {@code idPrefix} (4 characters) instead of the generator's
     * {@value #GENERATOR_ID_PREFIX}: a second batch of pairs on the same topics, not duplicates of the first.
     */
    static Produced produceCounted(String bootstrap, GeneratorSettings settings, long pairs, String predictions, String labels,
                                   boolean predictionsOnly, String idPrefix, String progressLabel) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long[] sent = {0};
        GeneratedSummary summary;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            summary = new EventGenerator(settings).generate(pairs, r -> {
                if (predictionsOnly && r.kind() != GeneratedRecord.Kind.PREDICTION) return;
                producer.send(withIdPrefix(r.toProducerRecord(predictions, labels), idPrefix), (meta, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
                if (++sent[0] % 250_000 == 0) MonitorBench.progress("%s: produced %,d records", progressLabel, sent[0]);
            });
            producer.flush();
            if (summary.pairs() != pairs) throw new IllegalStateException("generated " + summary.pairs() + " pairs, not " + pairs);
        }
        if (failure.get() != null) throw new IllegalStateException("producing the benchmark input failed", failure.get());
        return new Produced((System.nanoTime() - start) / 1e9, summary);
    }

    /** The record with its id's first 4 characters, in its key and its JSON's leading {@code "id"}, made {@code idPrefix}. */
    static ProducerRecord<byte[], byte[]> withIdPrefix(ProducerRecord<byte[], byte[]> r, String idPrefix) {
        if (idPrefix.equals(GENERATOR_ID_PREFIX)) return r;
        byte[] prefix = idPrefix.getBytes(StandardCharsets.US_ASCII);
        byte[] key = r.key().clone();
        byte[] value = r.value().clone();
        if (prefix.length != GENERATOR_ID_PREFIX.length() || !new String(key, 0, prefix.length, StandardCharsets.US_ASCII).equals(GENERATOR_ID_PREFIX)
                || !new String(value, 0, JSON_ID_AT + prefix.length, StandardCharsets.US_ASCII).equals("{\"id\":\"" + GENERATOR_ID_PREFIX)) {
            throw new IllegalArgumentException("not a generated record with a 4-character id prefix: " + new String(r.value(), StandardCharsets.UTF_8));
        }
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(prefix, 0, value, JSON_ID_AT, prefix.length);
        return new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), key, value);
    }

    /** A bare consumer reads every record of the topics from the beginning to the end offsets: records and seconds. */
    static MonitorBenchResult.Rate bareConsumer(String bootstrap, Set<String> topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long expected = ends.values().stream().mapToLong(Long::longValue).sum();
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            while (records < expected) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new MonitorBenchResult.Rate(records, seconds, bytes);
        }
    }
}
