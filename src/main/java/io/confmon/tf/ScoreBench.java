package io.confmon.tf;

import io.confmon.event.ModelSettings;
import io.confmon.tf.score.Scorer;
import io.confmon.tf.score.ServedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code confmon bench score}: {@code score}'s records/s against a bare {@code KafkaConsumer}
 * (read_committed, no processing) reading the same features topic, in one run on one broker. Each
 * rate is counted from the contender's first records to its last, so JVM start, group joins and
 * model loading are left out of both: it is the steady state (the scorer's end is when the group's
 * committed offsets, written in its transactions, reach the topic's end).
 */
public final class ScoreBench {
    public record Result(String contender, long records, double seconds) {
        public double perSecond() {
            return records / seconds;
        }
    }

    private static final String FEATURES = "bench-score-features";

    private ScoreBench() {}

    public static List<Result> run(String bootstrapServers, int records, int features, int classes, int[] maxBatches, int rounds)
            throws Exception {
        TensorFlowBackend tf = TensorFlowRuntime.backend();
        Random random = new Random(1);
        float[][] w = new float[features][classes];
        for (float[] row : w) for (int j = 0; j < classes; j++) row[j] = (float) random.nextGaussian();
        Path model = Files.createTempDirectory("confmon-bench-score").resolve("dense").resolve("1");
        tf.exportDenseSoftmax(model, w, new float[classes]);
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(FEATURES, 1, (short) 1), new NewTopic("bench-score-predictions", 1, (short) 1),
                    new NewTopic("bench-score-dlq", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            produce(kafka, records, features, random);
            List<Result> results = new ArrayList<>();
            try (ServedModels served = ServedModels.load(tf, Map.of("dense", model), ModelSettings.OPEN)) {
                for (int round = 0; round < rounds; round++) {
                    results.add(bareConsumer(kafka, records, round));
                    for (int maxBatch : maxBatches) results.add(scorer(kafka, admin, served, records, maxBatch, round));
                }
            }
            return results;
        }
    }

    private static void produce(Properties kafka, int records, int features, Random random) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < records; i++) {
                row.setLength(0);
                row.append("{\"id\":\"r-").append(i).append("\",\"model\":\"dense\",\"ts\":").append(1_763_800_000_000L + i).append(",\"features\":[");
                for (int j = 0; j < features; j++) row.append(j == 0 ? "" : ",").append((float) random.nextGaussian());
                row.append("]}");
                producer.send(new ProducerRecord<>(FEATURES, row.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** The floor: a read_committed consumer that only counts the records. */
    private static Result bareConsumer(Properties kafka, int records, int round) {
        Properties c = new Properties();
        c.putAll(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-" + round + "-" + System.nanoTime());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(FEATURES));
            long seen = 0;
            long first = 0;
            long startNanos = 0;
            long bytes = 0;
            while (seen < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) continue;
                for (var r : batch) bytes += r.value().length; // touch every value, as the scorer must
                if (startNanos == 0) {
                    startNanos = System.nanoTime();
                    first = batch.count();
                }
                seen += batch.count();
            }
            if (bytes == 0) throw new IllegalStateException("empty records");
            return new Result("bare KafkaConsumer (read_committed)", records - first, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** confmon's Scorer (the code {@code confmon score} runs) in a thread, timed by its group's committed offsets. */
    private static Result scorer(Properties kafka, Admin admin, ServedModels served, int records, int maxBatch, int round) throws Exception {
        String group = "bench-score-" + round + "-" + maxBatch + "-" + System.nanoTime();
        Scorer.Settings settings = new Scorer.Settings(FEATURES, "bench-score-predictions", "bench-score-dlq", group, group + "-tx",
                maxBatch, kafka);
        try (Scorer scorer = new Scorer(settings, served.byName())) {
            Thread loop = new Thread(scorer::run, "bench-scorer");
            loop.start();
            long first = 0;
            long startNanos = 0;
            long committed = 0;
            while (committed < records) {
                if (!loop.isAlive()) throw new IllegalStateException("the scorer stopped before scoring every record");
                Thread.sleep(20);
                committed = committed(admin, group);
                if (committed > 0 && startNanos == 0) {
                    startNanos = System.nanoTime();
                    first = committed;
                }
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            scorer.stop();
            loop.join(10_000);
            long end = admin.listOffsets(Map.of(new TopicPartition(FEATURES, 0), OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                    .values().iterator().next().offset();
            if (committed != end) throw new IllegalStateException("committed " + committed + " of " + end);
            return new Result("confmon score --max-batch " + maxBatch, records - first, seconds);
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
