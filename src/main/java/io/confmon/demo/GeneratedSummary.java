package io.confmon.demo;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generator run made: every pair joins exactly once with weight 1, so the expected matrix
 * is just the count of (actual, predicted) pairs.
 *
 * @param counts      counts[actual][predicted], class indices as in {@code classes}
 * @param labelsFirst how many labels were sent before their prediction
 */
public record GeneratedSummary(String model, List<String> classes, long pairs, long labelsFirst, long[][] counts) {
    private static final long UNITS_PER_WEIGHT = 1_000_000L;

    /** actual -> predicted -> weight units, the non-zero cells only: the shape of {@link OracleResult#units()} for the model. */
    public Map<String, Map<String, Long>> expectedUnits() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts[a].length; p++) {
                if (counts[a][p] == 0) continue;
                out.computeIfAbsent(classes.get(a), k -> new TreeMap<>()).put(classes.get(p), counts[a][p] * UNITS_PER_WEIGHT);
            }
        }
        out.replaceAll((k, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(out);
    }

    /** The number of pairs predicted right. */
    public long correct() {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) sum += counts[i][i];
        return sum;
    }
}
