package io.confmon.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Prediction + label pairs of one model, keyed by id (the default partitioner), sent at a steady
 * rate from a thread of its own until closed: the live load the latency is measured under. Each
 * pair's label says {@code b} for a prediction of {@code a}, so each counts one in the model's matrix.
 */
final class BackgroundLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long end;
    private final Thread thread;

    private BackgroundLoad(String bootstrap, String predictions, String labels, String model, String idPrefix, double recordsPerSecond) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5);
        thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                while (running.get()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * recordsPerSecond);
                    while (sent.get() + 2 <= due) {
                        String id = idPrefix + String.format("%012d", sent.get() / 2);
                        long ts = System.currentTimeMillis();
                        producer.send(record(predictions, id, "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"ts\":" + ts
                                + ",\"predicted\":\"a\"}", ts));
                        producer.send(record(labels, id, "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"ts\":" + ts
                                + ",\"actual\":\"b\"}", ts));
                        sent.addAndGet(2);
                    }
                    Thread.sleep(1);
                }
                end = System.nanoTime();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-background-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sending {@code recordsPerSecond} input records a second (half predictions, half labels). */
    static BackgroundLoad start(String bootstrap, String predictions, String labels, String model, String idPrefix, double recordsPerSecond) {
        return new BackgroundLoad(bootstrap, predictions, labels, model, idPrefix, recordsPerSecond);
    }

    /** Input records a second reached from the start until now, or until closed. */
    double perSecond() {
        long until = end == 0 ? System.nanoTime() : end;
        return sent.get() / ((until - start) / 1e9);
    }

    /** Stops sending; returns once every record sent is acknowledged (the producer's close flushes them). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        if (thread.isAlive()) throw new IllegalStateException("the background producer did not stop within 30 s");
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String id, String json, long ts) {
        return new ProducerRecord<>(topic, null, ts, id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }
}
