package io.confmon.backfill;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints an alert backtest: each episode (when it fired, for which series, with its value), then a count per alert. */
public final class AlertReport {
    private AlertReport() {}

    public static void print(PrintWriter out, List<AlertBacktest.Episode> episodes, Path rules) {
        out.println("alerts of " + rules + " over the backfilled history:");
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (AlertBacktest.Episode e : episodes) {
            int[] c = counts.computeIfAbsent(e.alert(), a -> new int[2]);
            if (e.firedAt() != null) {
                c[0]++;
                out.printf(Locale.ROOT, "  %s FIRING at %s value %s for %s (pending since %s, %s)%n", e.alert(), Instant.ofEpochMilli(e.firedAt()),
                        value(e.valueAtFiring()), labels(e.labels()), Instant.ofEpochMilli(e.activeAt()),
                        e.resolvedAt() == null ? "still firing at the end" : "resolved at " + Instant.ofEpochMilli(e.resolvedAt()));
            } else {
                c[1]++;
            }
        }
        if (counts.isEmpty()) out.println("  no alert was pending or firing");
        counts.forEach((alert, c) -> out.printf("  %s: %d firing, %d pending that never fired%n", alert, c[0], c[1]));
        out.flush();
    }

    private static String value(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(", ", "{", "}"));
    }
}
