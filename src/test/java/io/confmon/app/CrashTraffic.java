package io.confmon.app;

import io.confmon.demo.DemoEvent;
import io.confmon.demo.EventGenerator;
import io.confmon.demo.EventJson;
import io.confmon.demo.GarbageEvent;
import io.confmon.demo.Generated;
import io.confmon.demo.GeneratedRecord;
import io.confmon.demo.GeneratorSettings;
import io.confmon.demo.LabelEvent;
import io.confmon.demo.PredictionEvent;
import io.confmon.demo.SentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the crash test sends, in order: the {@link EventGenerator}'s pairs for model {@value #MODEL},
 * plus records that make the join retract and re-add cells (corrections, an earlier prediction,
 * labels for every model with a shadow model's prediction), duplicates, predictions that never get
 * a label, and poison records spread over the run, each of which must land in the DLQ exactly once.
 * Every record is also kept as a {@link SentEvent} for the oracle, which computes the expected
 * matrices on its own.
 */
final class CrashTraffic {
    static final String MODEL = "crash";
    static final String SHADOW = "shadow";
    static final int POISON_KINDS = 8;

    /** A record that must be rejected: its value, and the reason code the DLQ must carry for it. */
    record Poison(String topic, byte[] value, String reason) {}

    final List<String> classes;
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    final List<SentEvent> sent = new ArrayList<>();
    final List<Poison> poison = new ArrayList<>();

    private final String predictionsTopic;
    private final String labelsTopic;
    private final SplittableRandom rng;
    private final long startMs;
    /** Extra records wait here a random number of records, so they arrive before or after what they relate to. */
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
    private long position;

    private record Delayed(long due, long seq, String topic, byte[] key, long timestamp, DemoEvent event, byte[] value)
            implements Comparable<Delayed> {
        @Override
        public int compareTo(Delayed o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    private CrashTraffic(List<String> classes, String predictionsTopic, String labelsTopic, long seed, long startMs) {
        this.classes = classes;
        this.startMs = startMs;
        this.predictionsTopic = predictionsTopic;
        this.labelsTopic = labelsTopic;
        this.rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /**
     * @param startMs      the first prediction's ts. Recent, not the generator's fixed default: a broker
     *                     deletes records whose timestamp is older than the topic's retention (7 days by
     *                     default) within 30 s of starting, whatever the consumers have read.
     * @param pairs        prediction + label pairs from the generator
     * @param poisonCount  poison records, spread evenly over the run
     */
    static CrashTraffic make(long seed, long startMs, int pairs, int poisonCount, String predictionsTopic, String labelsTopic) {
        GeneratorSettings settings = GeneratorSettings.of(seed, 10).withModel(MODEL).withTimes(startMs, Duration.ofMinutes(30));
        EventGenerator generator = new EventGenerator(settings);
        CrashTraffic t = new CrashTraffic(generator.classes(), predictionsTopic, labelsTopic, seed, startMs);
        long expectedRecords = 2L * pairs * 106 / 100;
        long poisonEvery = Math.max(1, expectedRecords / (poisonCount + 1));
        int[] poisonMade = {0};
        generator.generate(pairs, r -> {
            t.add(r.toProducerRecord(predictionsTopic, labelsTopic), Generated.sentEvent(r, predictionsTopic, labelsTopic));
            t.extrasFor(r);
            t.releaseDue();
            if (poisonMade[0] < poisonCount && t.position >= (poisonMade[0] + 1) * poisonEvery) t.addPoison(poisonMade[0]++);
        });
        while (poisonMade[0] < poisonCount) t.addPoison(poisonMade[0]++);
        while (!t.delayed.isEmpty()) t.release(t.delayed.poll());
        return t;
    }

    private void extrasFor(GeneratedRecord r) {
        String id = new String(r.key(), StandardCharsets.US_ASCII);
        double u = rng.nextDouble();
        if (r.kind() == GeneratedRecord.Kind.PREDICTION) {
            PredictionEvent p = (PredictionEvent) r.event();
            if (u < 0.02) {
                // The same prediction again: a duplicate, counted once.
                later(predictionsTopic, r.key(), p.ts(), p);
            } else if (u < 0.04) {
                // A later prediction for the same pair: a duplicate; the earliest one counts.
                later(predictionsTopic, r.key(), p.ts() + 1_000, PredictionEvent.named(id, MODEL, p.ts() + 1_000, otherClass(p.predicted())));
            } else if (u < 0.05) {
                // An earlier prediction: it replaces the counted one (-old cell, +new cell), with its own weight.
                later(predictionsTopic, r.key(), p.ts() - 500,
                        PredictionEvent.named(id, MODEL, p.ts() - 500, otherClass(p.predicted())).withWeight(0.5));
            } else if (u < 0.07) {
                // A shadow model predicts for the same request; a label for every model (later than the
                // model's own) then counts for both models.
                long ts = p.ts() + 10;
                later(predictionsTopic, r.key(), ts, PredictionEvent.named(id, SHADOW, ts, classes.get(rng.nextInt(classes.size()))));
                long labelTs = ts + 300_000 + rng.nextInt(60_000);
                later(labelsTopic, null, labelTs, new LabelEvent(id, null, labelTs, classes.get(rng.nextInt(classes.size())), null, null));
            } else if (u < 0.08) {
                // A prediction that never gets a label: pending at the end.
                String solo = "solo-" + id;
                later(predictionsTopic, solo.getBytes(StandardCharsets.US_ASCII), p.ts(), PredictionEvent.named(solo, MODEL, p.ts(), p.predicted()));
            }
        } else {
            LabelEvent l = (LabelEvent) r.event();
            if (u < 0.03) {
                // A correction: a later label with another class and a weight; the old cell is retracted.
                long ts = l.ts() + 60_000;
                later(labelsTopic, r.key(), ts, LabelEvent.named(id, MODEL, ts, otherClass(l.actual())).withWeight(2.5));
            } else if (u < 0.04) {
                // The same label again: a duplicate that changes nothing.
                later(labelsTopic, r.key(), l.ts(), l);
            }
        }
    }

    private void addPoison(int n) {
        long ts = startMs + n * 1_000L;
        String id = "poison-" + n;
        switch (n % POISON_KINDS) {
            case 0 -> poison(predictionsTopic, null, ts, new GarbageEvent(null, "not json, poison " + n), "malformed");
            case 1 -> poison(predictionsTopic, bytes(id), ts,
                    new PredictionEvent(id, MODEL, ts, classes.get(0), null, -1.0), "invalid");
            case 2 -> poison(labelsTopic, bytes(id), ts, LabelEvent.named(id, MODEL, ts / 1000, classes.get(1)), "bad_timestamp");
            // No id and no key: the value still differs per poison (a ts of its own).
            case 3 -> poison(predictionsTopic, null, ts, new PredictionEvent(null, MODEL, ts, classes.get(2), null, null), "invalid");
            case 4 -> poison(predictionsTopic, bytes(id), ts, PredictionEvent.named(id, MODEL, ts, "Banana"), "unknown_class");
            case 5 -> {
                String huge = id + "-" + "x".repeat(300);
                poison(labelsTopic, null, ts, LabelEvent.named(huge, MODEL, ts, classes.get(3)), "too_large");
            }
            case 6 -> poison(labelsTopic, bytes(id), ts, LabelEvent.indexed(id, MODEL, ts, 42), "unknown_class");
            default -> {
                // Avro single-object header with a fingerprint of no known schema.
                byte[] avro = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, (byte) n, 9, 9, 9};
                GarbageEvent garbage = new GarbageEvent(null, "avro with an unknown fingerprint " + n);
                Poison p = new Poison(predictionsTopic, avro, "malformed");
                poison.add(p);
                add(new ProducerRecord<>(predictionsTopic, null, ts, null, avro), new SentEvent(predictionsTopic, null, avro, ts, garbage));
            }
        }
    }

    private void poison(String topic, byte[] key, long ts, DemoEvent event, String reason) {
        byte[] value = EventJson.encode(event);
        poison.add(new Poison(topic, value, reason));
        add(new ProducerRecord<>(topic, null, ts, key, value), new SentEvent(topic, key, value, ts, event));
    }

    private void later(String topic, byte[] key, long timestamp, DemoEvent event) {
        delayed.add(new Delayed(position + rng.nextInt(3_000), position, topic, key, timestamp, event, EventJson.encode(event)));
    }

    private void releaseDue() {
        while (!delayed.isEmpty() && delayed.peek().due() <= position) release(delayed.poll());
    }

    private void release(Delayed d) {
        add(new ProducerRecord<>(d.topic(), null, d.timestamp(), d.key(), d.value()), new SentEvent(d.topic(), d.key(), d.value(), d.timestamp(), d.event()));
    }

    private void add(ProducerRecord<byte[], byte[]> record, SentEvent event) {
        records.add(record);
        sent.add(event);
        position++;
    }

    private String otherClass(String name) {
        int i = classes.indexOf(name);
        return classes.get((i + 1 + rng.nextInt(classes.size() - 1)) % classes.size());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
