package io.confmon.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a list of records at a steady rate from its own thread (idempotent, acks=all: each record
 * lands once). The last {@code reserve} records go at a trickle until {@link #release()}, so that
 * the monitor always has fresh input, and open transactions, until the last kill is done.
 */
final class PacedProducer implements AutoCloseable {
    private static final double TRICKLE_PER_SECOND = 100;

    private final List<ProducerRecord<byte[], byte[]>> records;
    private final double perSecond;
    private final int reserve;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicBoolean holding = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    PacedProducer(Map<String, Object> clientConfig, List<ProducerRecord<byte[], byte[]>> records, double perSecond, int reserve) {
        this.records = records;
        this.perSecond = perSecond;
        this.reserve = reserve;
        clientConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        clientConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        clientConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(clientConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "crash-test-producer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Sends the reserve at the full rate from now on. */
    void release() {
        holding.set(false);
    }

    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Waits for the last acknowledgement; rethrows a send failure. */
    void await() throws InterruptedException {
        thread.join();
        if (failure.get() != null) throw new IllegalStateException("producing failed", failure.get());
    }

    private void run() {
        try {
            int n = records.size();
            int i = 0;
            double credit = 0;
            long last = System.nanoTime();
            while (i < n && failure.get() == null) {
                long now = System.nanoTime();
                double rate = holding.get() && n - i <= reserve ? TRICKLE_PER_SECOND : perSecond;
                credit = Math.min(credit + (now - last) / 1e9 * rate, rate / 10 + 1);
                last = now;
                while (credit >= 1 && i < n) {
                    producer.send(records.get(i++), (meta, e) -> {
                        if (e != null) failure.compareAndSet(null, e);
                        else acknowledged.incrementAndGet();
                    });
                    sent.incrementAndGet();
                    credit -= 1;
                }
                LockSupport.parkNanos(2_000_000L);
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
