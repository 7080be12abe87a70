package io.confmon.demo;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What tests read from the {@link EventGenerator}'s output to compare it with the {@link Oracle}. */
public final class Generated {
    private static final long UNITS_PER_WEIGHT = 1_000_000L;

    private Generated() {}

    /** A generated record as if the simulator had sent it, for the {@link Oracle}. */
    public static SentEvent sentEvent(GeneratedRecord r, String predictionsTopic, String labelsTopic) {
        String topic = r.kind() == GeneratedRecord.Kind.PREDICTION ? predictionsTopic : labelsTopic;
        return new SentEvent(topic, r.key(), r.value(), r.timestamp(), r.event());
    }

    /** actual -> predicted -> weight units, the non-zero cells only: the shape of {@link OracleResult#units()} for the model. */
    static Map<String, Map<String, Long>> expectedUnits(GeneratedSummary summary) {
        long[][] counts = summary.counts();
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts[a].length; p++) {
                if (counts[a][p] == 0) continue;
                out.computeIfAbsent(summary.classes().get(a), k -> new TreeMap<>())
                        .put(summary.classes().get(p), counts[a][p] * UNITS_PER_WEIGHT);
            }
        }
        out.replaceAll((k, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(out);
    }

    /** The number of pairs predicted right. */
    static long correct(GeneratedSummary summary) {
        long sum = 0;
        for (int i = 0; i < summary.counts().length; i++) sum += summary.counts()[i][i];
        return sum;
    }
}
