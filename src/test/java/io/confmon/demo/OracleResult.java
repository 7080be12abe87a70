package io.confmon.demo;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The confusion matrices confmon must show for a set of events, with the counts behind them.
 *
 * @param units     per model, actual class, predicted class: the weight sum in units of 1e-6 (exact)
 * @param tallies   per model: predictions, joins, late pairs, rejects
 * @param malformed every record that must land in the dead-letter topic
 */
public record OracleResult(Map<String, Map<String, Map<String, Long>>> units, Map<String, ModelTally> tallies, long malformed) {
    private static final double UNITS_PER_WEIGHT = 1e6;

    /** The matrices as weight sums: model -> actual -> predicted -> weight. */
    public Map<String, Map<String, Map<String, Double>>> matrices() {
        Map<String, Map<String, Map<String, Double>>> out = new TreeMap<>();
        units.keySet().forEach(model -> out.put(model, matrix(model)));
        return Collections.unmodifiableMap(out);
    }

    /** One model's matrix as weight sums (empty for a model never joined): actual -> predicted -> weight. */
    public Map<String, Map<String, Double>> matrix(String model) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        units.getOrDefault(model, Map.of()).forEach((actual, row) -> {
            Map<String, Double> weights = new TreeMap<>();
            row.forEach((predicted, u) -> weights.put(predicted, u / UNITS_PER_WEIGHT));
            out.put(actual, Collections.unmodifiableMap(weights));
        });
        return Collections.unmodifiableMap(out);
    }

    /** A model's matrix total in weight units. */
    public long totalUnits(String model) {
        long sum = 0;
        for (Map<String, Long> row : units.getOrDefault(model, Map.of()).values()) {
            for (long u : row.values()) sum += u;
        }
        return sum;
    }

    public ModelTally tally(String model) {
        return tallies.getOrDefault(model, new ModelTally(0, 0, 0, 0, 0, 0));
    }
}
