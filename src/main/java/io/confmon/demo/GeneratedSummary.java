package io.confmon.demo;

import java.util.List;

/**
 * What a generator run made: every pair joins exactly once with weight 1, so the expected matrix
 * is just the count of (actual, predicted) pairs.
 *
 * @param counts      counts[actual][predicted], class indices as in {@code classes}
 * @param labelsFirst how many labels were sent before their prediction
 */
public record GeneratedSummary(String model, List<String> classes, long pairs, long labelsFirst, long[][] counts) {
}
