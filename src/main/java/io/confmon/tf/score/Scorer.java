package io.confmon.tf.score;

import io.confmon.event.RejectReason;
import io.confmon.event.Rejection;
import io.confmon.json.Json;
import io.confmon.tf.InputShapes;
import io.confmon.tf.ModelError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code confmon score}: feature events in, prediction events out, exactly once. Each poll is one
 * Kafka transaction holding the predictions, the dead letters and the input offsets
 * (consume-transform-produce with {@code sendOffsetsToTransaction}); a crash before the commit
 * aborts all of it and the next incarnation reads the same records again. Within a poll the events
 * of each model are scored in one batch.
 */
public final class Scorer implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Scorer.class);

    public record Settings(String featuresTopic, String predictionsTopic, String dlqTopic, String groupId,
                           String transactionalId, int maxBatch, Properties kafka) {}

    private final Settings settings;
    private final Map<String, ServedModel> models;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile boolean running = true;
    private long scored;
    private long deadLetters;

    public Scorer(Settings settings, Map<String, ServedModel> models) {
        this.settings = settings;
        this.models = models;
        Properties c = new Properties();
        c.putAll(settings.kafka());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxBatch()));
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.putAll(settings.kafka());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Runs until {@link #stop()}; a fenced producer or a fatal Kafka error ends it with an exception. */
    public void run() {
        producer.initTransactions();
        consumer.subscribe(List.of(settings.featuresTopic()));
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) continue;
                producer.beginTransaction();
                try {
                    process(records);
                    producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                    producer.commitTransaction();
                } catch (ProducerFencedException | AuthorizationException e) {
                    throw e; // another instance took over, or we may not write: nothing to retry
                } catch (KafkaException e) {
                    log.warn("aborting a transaction of {} records and reading them again: {}", records.count(), e.toString());
                    producer.abortTransaction();
                    rewind(records);
                }
            }
        } catch (WakeupException e) {
            if (running) throw e;
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public long scored() {
        return scored;
    }

    public long deadLetters() {
        return deadLetters;
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        Map<String, List<Pending>> byModel = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                FeatureEvent e = FeatureDecoder.decode(r.key(), r.value(), r.timestamp());
                ServedModel served = models.get(e.model());
                if (served == null) {
                    throw new Rejection(RejectReason.INVALID, "no SavedModel for model '" + e.model()
                            + "' (configure models." + e.model() + ".savedmodel)");
                }
                long[] feed = feedShape(served, e);
                byModel.computeIfAbsent(e.model(), m -> new ArrayList<>()).add(new Pending(r, e, feed));
            } catch (Rejection rejection) {
                deadLetter(r, rejection);
            }
        }
        for (Map.Entry<String, List<Pending>> entry : byModel.entrySet()) score(models.get(entry.getKey()), entry.getValue());
    }

    private record Pending(ConsumerRecord<byte[], byte[]> record, FeatureEvent event, long[] feedShape) {}

    private static long[] feedShape(ServedModel served, FeatureEvent e) {
        try {
            return InputShapes.feedShape(served.model().inputRowShape(), e.shape(), "the features", "model " + served.name());
        } catch (ModelError shape) {
            throw new Rejection(RejectReason.INVALID, shape.getMessage());
        }
    }

    private void score(ServedModel served, List<Pending> pending) {
        // Rows of another shape than the first (possible where the signature leaves a dimension open) go in their own call.
        Map<String, List<Pending>> byShape = new LinkedHashMap<>();
        for (Pending p : pending) byShape.computeIfAbsent(java.util.Arrays.toString(p.feedShape()), s -> new ArrayList<>()).add(p);
        for (List<Pending> group : byShape.values()) {
            long[] shape = group.get(0).feedShape();
            int width = InputShapes.size(shape);
            double[] features = new double[group.size() * width];
            for (int i = 0; i < group.size(); i++) System.arraycopy(group.get(i).event().features(), 0, features, i * width, width);
            double[] scores = served.model().score(features, group.size(), shape);
            int k = scores.length / group.size();
            for (int i = 0; i < group.size(); i++) {
                double[] row = java.util.Arrays.copyOfRange(scores, i * k, (i + 1) * k);
                Pending p = group.get(i);
                send(settings.predictionsTopic(), p.event().id().getBytes(StandardCharsets.UTF_8), prediction(served, p.event(), row), null);
                scored++;
            }
        }
    }

    private static byte[] prediction(ServedModel served, FeatureEvent e, double[] scores) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("model", e.model());
        out.put("ts", e.ts());
        out.put("predicted", served.predictedIndex(scores));
        out.put("scores", scores);
        out.put("modelVersion", served.version());
        if (!e.slice().isEmpty()) out.put("slice", e.slice());
        try {
            return Json.MAPPER.writeValueAsBytes(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("a prediction event always serializes", ex);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("confmon.error", utf8(rejection.reason().code()));
        headers.add("confmon.detail", utf8(rejection.detail()));
        headers.add("confmon.source.topic", utf8(r.topic()));
        headers.add("confmon.source.partition", utf8(Integer.toString(r.partition())));
        headers.add("confmon.source.offset", utf8(Long.toString(r.offset())));
        send(settings.dlqTopic(), r.key(), r.value(), headers);
        deadLetters++;
    }

    private void send(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        producer.send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** After an aborted transaction, read the same records again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) consumer.seek(tp, records.records(tp).get(0).offset());
    }

    @Override
    public void close() {
        running = false;
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
