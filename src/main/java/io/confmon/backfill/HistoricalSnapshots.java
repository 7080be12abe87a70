package io.confmon.backfill;

import io.confmon.app.Config;
import io.confmon.app.SnapshotWriter;
import io.confmon.view.MatrixReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The snapshots the live monitor would have written over a past range, into the snapshots topic:
 * at every {@code snapshot.interval} step, each model's rolling views ending there, made by the
 * live monitor's own {@link SnapshotWriter} (same key, same document), the record timestamped at
 * its window's end (a topic with {@code message.timestamp.type=LogAppendTime} replaces that with
 * the time of writing; the document's {@code to} still says it). A header
 * {@code confmon.backfill} names the replay, so a consumer can tell history from live snapshots.
 */
public final class HistoricalSnapshots {
    public static final String HEADER = "confmon.backfill";

    private HistoricalSnapshots() {}

    /** @return the records written */
    public static long write(Config config, ReadOnlyKeyValueStore<Bytes, byte[]> buckets, MatrixReader reader, List<String> models,
                             GaugeHistory.Steps steps) throws Exception {
        SnapshotWriter writer = SnapshotWriter.of(reader, config);
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        String topic = config.get("topics.snapshots");
        byte[] replay = config.applicationId().getBytes(StandardCharsets.UTF_8);
        long written = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (long end = steps.first(); end <= steps.last(); end += steps.stepMs()) {
                // A live snapshot at wall-clock time t holds the views ending with t's bucket; at end - 1 that is the bucket before end.
                for (KeyValue<String, byte[]> s : writer.snapshots(buckets, models, end - 1)) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, end, s.key, s.value);
                    record.headers().add(HEADER, replay);
                    producer.send(record, (meta, e) -> {
                        if (e != null) failed.compareAndSet(null, e);
                    });
                    written++;
                }
            }
            producer.flush();
            if (failed.get() != null) throw new IllegalStateException("writing snapshots to " + topic + " failed: " + failed.get().getMessage(), failed.get());
        }
        return written;
    }
}
