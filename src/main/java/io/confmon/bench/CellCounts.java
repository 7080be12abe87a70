package io.confmon.bench;

import io.confmon.demo.GeneratedSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A contender's count of (actual, predicted) pairs, and the check that it equals the expected
 * counts: a join that loses or repeats a pair fails the benchmark instead of getting a rate.
 */
final class CellCounts {
    /** Separates the two class names in a cell key of the join contenders' stores (no class name holds it). */
    private static final char SEPARATOR = '\u0000';

    private final Map<String, Map<String, Long>> counts = new TreeMap<>();

    static String cellKey(String actual, String predicted) {
        return actual + SEPARATOR + predicted;
    }

    /** Adds {@code n} to the cell of a key made by {@link #cellKey}. */
    void addKey(String cellKey, long n) {
        int at = cellKey.indexOf(SEPARATOR);
        if (at < 0) throw new IllegalArgumentException("not a cell key: " + cellKey);
        add(cellKey.substring(0, at), cellKey.substring(at + 1), n);
    }

    void add(String actual, String predicted, long n) {
        counts.computeIfAbsent(actual, a -> new TreeMap<>()).merge(predicted, n, Long::sum);
    }

    long total() {
        return counts.values().stream().flatMap(row -> row.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** actual -> predicted -> count, zero cells left out. */
    Map<String, Map<String, Long>> asMap() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((a, row) -> row.forEach((p, n) -> {
            if (n != 0) out.computeIfAbsent(a, x -> new TreeMap<>()).put(p, n);
        }));
        return out;
    }

    static CellCounts of(Map<String, Map<String, Long>> map) {
        CellCounts c = new CellCounts();
        map.forEach((a, row) -> row.forEach((p, n) -> c.add(a, p, n)));
        return c;
    }

    /** The counts the generator drew. */
    static CellCounts expected(GeneratedSummary summary) {
        CellCounts c = new CellCounts();
        long[][] n = summary.counts();
        for (int a = 0; a < n.length; a++) {
            for (int p = 0; p < n[a].length; p++) c.add(summary.classes().get(a), summary.classes().get(p), n[a][p]);
        }
        return c;
    }

    /** Empty when {@code actual} equals these counts cell for cell; else what differs (the first few cells). */
    Optional<String> mismatch(CellCounts actual) {
        Map<String, Map<String, Long>> want = asMap();
        Map<String, Map<String, Long>> got = actual.asMap();
        if (want.equals(got)) return Optional.empty();
        List<String> diffs = new ArrayList<>();
        TreeSet<String> actuals = new TreeSet<>(want.keySet());
        actuals.addAll(got.keySet());
        for (String a : actuals) {
            TreeSet<String> predicted = new TreeSet<>(want.getOrDefault(a, Map.of()).keySet());
            predicted.addAll(got.getOrDefault(a, Map.of()).keySet());
            for (String p : predicted) {
                long w = want.getOrDefault(a, Map.of()).getOrDefault(p, 0L);
                long g = got.getOrDefault(a, Map.of()).getOrDefault(p, 0L);
                if (w != g) diffs.add("(" + a + ", " + p + "): " + g + " counted, " + w + " expected");
            }
        }
        String shown = String.join("; ", diffs.subList(0, Math.min(5, diffs.size())));
        return Optional.of(String.format("%d counted in all, %d expected; %d cells differ: %s%s", actual.total(), total(), diffs.size(),
                shown, diffs.size() > 5 ? "; ..." : ""));
    }
}
