package io.confmon.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What confmon's {@code /metrics} would show for {@link SimulatedTraffic}, one sample a minute,
 * as promtool input series: per view, {@code confmon_confusion} (the cell's count),
 * {@code confmon_confusion_ratio} (cell / actual row, 0 for an empty row),
 * {@code confmon_class_support} (the actual row's total) and {@code confmon_accuracy} (absent
 * while the view is empty).
 *
 * <p>A view of W minutes sampled at minute t is the sum of buckets t-W .. t-1, as confmon's views
 * sum buckets: the scrape at the end of a minute sees that minute's bucket complete. Samples
 * start at {@code firstSample} (promtool's time 0); earlier minutes are history that only fills
 * the views, so promtool need not step through a day of it.
 */
final class ExportedGauges {
    record Series(String selector, String values) {}

    private static final String TARGET = "job=\"confmon\",instance=\"confmon:8080\"";

    static List<Series> of(SimulatedTraffic traffic, Map<String, Integer> viewMinutes, int firstSample) {
        List<Series> out = new ArrayList<>();
        int k = traffic.classes.size();
        int samples = traffic.minutes() + 1;
        for (Map.Entry<String, Integer> view : viewMinutes.entrySet()) {
            // prefix[t][a][p] = sum of buckets 0 .. t-1, so a view is one subtraction per sample.
            long[][][] prefix = new long[samples][k][k];
            for (int t = 1; t < samples; t++) {
                for (int a = 0; a < k; a++) {
                    for (int p = 0; p < k; p++) prefix[t][a][p] = prefix[t - 1][a][p] + traffic.counts[t - 1][a][p];
                }
            }
            int w = view.getValue();
            Map<String, StringBuilder> values = new LinkedHashMap<>();
            for (int t = firstSample; t < samples; t++) {
                int from = Math.max(0, firstBucket(t, w));
                long total = 0;
                long diagonal = 0;
                for (int a = 0; a < k; a++) {
                    long row = 0;
                    long[] cells = new long[k];
                    for (int p = 0; p < k; p++) {
                        cells[p] = prefix[t][a][p] - prefix[from][a][p];
                        row += cells[p];
                    }
                    total += row;
                    diagonal += cells[a];
                    String actual = traffic.classes.get(a);
                    append(values, selector("confmon_class_support", traffic.model, view.getKey(), "class=\"" + actual + "\""), row);
                    for (int p = 0; p < k; p++) {
                        String cell = "actual=\"" + actual + "\",predicted=\"" + traffic.classes.get(p) + "\"";
                        append(values, selector("confmon_confusion", traffic.model, view.getKey(), cell), cells[p]);
                        append(values, selector("confmon_confusion_ratio", traffic.model, view.getKey(), cell),
                                row == 0 ? 0.0 : (double) cells[p] / row);
                    }
                }
                String accuracy = selector("confmon_accuracy", traffic.model, view.getKey(), null);
                if (total == 0) values.computeIfAbsent(accuracy, s -> new StringBuilder()).append(" _");
                else append(values, accuracy, (double) diagonal / total);
            }
            values.forEach((selector, v) -> out.add(new Series(selector, v.toString().trim())));
        }
        return out;
    }

    /**
     * The first bucket (minute) of a {@code w}-minute view sampled at minute {@code t}; the view
     * ends before bucket {@code t}. This is confmon's {@code BucketRange.last} read one
     * millisecond before minute t, when bucket t-1 is the current one and complete (checked by
     * AlertDelayTest).
     */
    static int firstBucket(int t, int w) {
        return t - w;
    }

    private static String selector(String metric, String model, String window, String more) {
        return metric + "{model=\"" + model + "\",window=\"" + window + "\"" + (more == null ? "" : "," + more) + "," + TARGET + "}";
    }

    private static void append(Map<String, StringBuilder> values, String selector, double value) {
        values.computeIfAbsent(selector, s -> new StringBuilder()).append(' ').append(value);
    }

    private static void append(Map<String, StringBuilder> values, String selector, long value) {
        values.computeIfAbsent(selector, s -> new StringBuilder()).append(' ').append(value);
    }
}
