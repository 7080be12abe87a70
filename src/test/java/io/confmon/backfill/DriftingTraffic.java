package io.confmon.backfill;

import io.confmon.demo.FashionClassifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Traffic of the demo's Fashion-MNIST classifier in the past, with a drift: from {@code driftAt}
 * the model starts predicting Shirt as T-shirt/top (60 % of Shirt rows after a 10 minute ramp).
 * Every prediction gets one label within two minutes; the events are kept, so tests count the
 * expected matrices from them, apart from confmon.
 */
final class DriftingTraffic {
    /** One labelled prediction. */
    record Pair(String id, long ts, int actual, int predicted) {}

    static final List<String> CLASSES = FashionClassifier.CLASSES;

    final long start;
    final long driftAt;
    final List<Pair> pairs = new ArrayList<>();

    DriftingTraffic(long start, Duration span, Duration driftAfter, int perMinute, long seed) {
        this.start = start;
        this.driftAt = start + driftAfter.toMillis();
        FashionClassifier model = FashionClassifier.standard()
                .withDrift(Instant.ofEpochMilli(driftAt), Duration.ofMinutes(10), 0.6);
        SplittableRandom rng = new SplittableRandom(seed);
        long n = span.toMinutes() * perMinute;
        for (long i = 0; i < n; i++) {
            long ts = start + i * 60_000L / perMinute + rng.nextLong(60_000L / perMinute);
            int actual = model.drawActual(rng);
            pairs.add(new Pair("req-" + i, ts, actual, model.predict(actual, Instant.ofEpochMilli(ts), rng)));
        }
    }

    /**
     * Sends predictions and labels (each label up to 2 minutes after its prediction). Records are
     * stamped now: stamped with last year's event time, the broker's retention would delete them.
     */
    void send(KafkaProducer<byte[], byte[]> producer, String predictions, String labels, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Pair p : pairs) {
            long labelTs = p.ts() + rng.nextLong(120_000);
            producer.send(new ProducerRecord<>(predictions, null, null, null, json("{\"id\":\"%s\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"%s\"}",
                    p.id(), p.ts(), CLASSES.get(p.predicted()))));
            producer.send(new ProducerRecord<>(labels, null, null, null, json("{\"id\":\"%s\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"%s\"}",
                    p.id(), labelTs, CLASSES.get(p.actual()))));
        }
        producer.flush();
    }

    /** The counts of a rolling view of {@code lengthMs} as a live refresh at {@code nowMs} reads it (1 minute buckets). */
    long[][] view(long nowMs, long lengthMs) {
        long end = Math.floorDiv(nowMs, 60_000L) * 60_000L + 60_000L;
        long from = end - lengthMs;
        long[][] m = new long[CLASSES.size()][CLASSES.size()];
        for (Pair p : pairs) {
            if (p.ts() >= from && p.ts() < end) m[p.actual()][p.predicted()]++;
        }
        return m;
    }

    static long row(long[][] m, int actual) {
        long r = 0;
        for (long c : m[actual]) r += c;
        return r;
    }

    static double accuracy(long[][] m) {
        long d = 0;
        long n = 0;
        for (int i = 0; i < m.length; i++) {
            d += m[i][i];
            n += row(m, i);
        }
        return (double) d / n;
    }

    private static byte[] json(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args).getBytes(StandardCharsets.UTF_8);
    }
}
