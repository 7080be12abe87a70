package io.confmon.metrics;

import io.confmon.topology.Slice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured slice keys as Prometheus labels. A key is used as it is where it can be: one
 * that is not a valid label name is sanitized, and one that would clash with a label the series
 * already carry (or with {@code job}/{@code instance}, which Prometheus sets) becomes
 * {@code slice_<key>}, so a slice key named {@code class} cannot overwrite the class label.
 */
final class SliceLabels {
    private static final Set<String> TAKEN = Set.of("model", "window", "actual", "predicted", "class", "job", "instance");

    /** Configured key -> label name, in configuration order. */
    private final Map<String, String> labelByKey;

    SliceLabels(List<String> sliceKeys) {
        Map<String, String> byKey = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (String key : sliceKeys) {
            String label = sanitize(key);
            if (TAKEN.contains(label) || used.contains(label)) label = "slice_" + label;
            String unique = label;
            for (int n = 2; used.contains(unique); n++) unique = label + "_" + n;
            used.add(unique);
            byKey.put(key, unique);
        }
        this.labelByKey = Collections.unmodifiableMap(byKey);
    }

    boolean isEmpty() {
        return labelByKey.isEmpty();
    }

    List<String> labelNames() {
        return List.copyOf(labelByKey.values());
    }

    /**
     * The label values of a slice, in {@link #labelNames()} order with "" for a key the slice
     * lacks; empty when the slice holds a key that is not configured (state written under an
     * older {@code slice.keys}).
     */
    Optional<List<String>> valuesOf(Slice slice) {
        Map<String, String> values = new LinkedHashMap<>();
        labelByKey.keySet().forEach(k -> values.put(k, ""));
        for (Map.Entry<String, String> pair : slice.pairs().entrySet()) {
            if (!values.containsKey(pair.getKey())) return Optional.empty();
            values.put(pair.getKey(), pair.getValue());
        }
        return Optional.of(new ArrayList<>(values.values()));
    }

    private static String sanitize(String key) {
        StringBuilder b = new StringBuilder(key.length() + 1);
        for (char c : key.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            b.append(ok ? c : '_');
        }
        if (b.isEmpty() || Character.isDigit(b.charAt(0))) b.insert(0, '_');
        // Names starting with __ are reserved for Prometheus' own use.
        while (b.length() > 1 && b.charAt(0) == '_' && b.charAt(1) == '_') b.deleteCharAt(0);
        return b.toString();
    }
}
