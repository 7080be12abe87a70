package io.confmon.demo;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters written by the simulator's thread and Kafka's callbacks, read by anyone at any time. */
final class TrafficCounters {
    private final Map<RecordKind, LongAdder> sent = new EnumMap<>(RecordKind.class);
    private final LongAdder requests = new LongAdder();
    private final LongAdder unlabelled = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final LongAdder failed = new LongAdder();

    TrafficCounters() {
        for (RecordKind kind : RecordKind.values()) sent.put(kind, new LongAdder());
    }

    void planned(RequestPlan plan) {
        requests.increment();
        if (plan.unlabelled()) unlabelled.increment();
    }

    void scheduled() {
        pending.increment();
    }

    void handedOver() {
        pending.decrement();
    }

    void sent(RecordKind kind) {
        sent.get(kind).increment();
    }

    void failed() {
        failed.increment();
    }

    SentCounts snapshot() {
        return new SentCounts(requests.sum(), count(RecordKind.PREDICTION), count(RecordKind.LABEL),
                count(RecordKind.CORRECTION), count(RecordKind.DUPLICATE), count(RecordKind.MALFORMED),
                unlabelled.sum(), pending.sum(), failed.sum());
    }

    private long count(RecordKind kind) {
        return sent.get(kind).sum();
    }
}
