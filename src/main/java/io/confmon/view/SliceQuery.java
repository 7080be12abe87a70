package io.confmon.view;

import java.util.Map;
import java.util.TreeMap;

/**
 * The slice filter of a matrix or heatmap query: each {@code slice=key:value} parameter (already
 * URL-decoded) names one pair a bucket's slice must hold. It splits at the first {@code :}, so a
 * value may hold any character, {@code :} included; the key may not be empty, and may not be given
 * twice (a slice has one value per key, so two would match nothing).
 */
public final class SliceQuery {
    private final Map<String, String> pairs = new TreeMap<>();

    /** A parameter the query cannot use; the message says what to send instead. */
    public static final class InvalidSliceQuery extends IllegalArgumentException {
        InvalidSliceQuery(String message) {
            super(message);
        }
    }

    /** Adds one decoded {@code key:value} parameter. */
    public SliceQuery add(String parameter) {
        int colon = parameter.indexOf(':');
        if (colon <= 0) {
            throw new InvalidSliceQuery("slice must be key:value (URL-encoded; it splits at the first ':'), e.g. slice=region:eu; got '"
                    + parameter + "'");
        }
        String key = parameter.substring(0, colon);
        String value = parameter.substring(colon + 1);
        String before = pairs.putIfAbsent(key, value);
        if (before != null && !before.equals(value)) {
            throw new InvalidSliceQuery("slice key '" + key + "' given twice ('" + before + "', '" + value + "'): give each key once");
        }
        return this;
    }

    /** The pairs to match, sorted by key. */
    public Map<String, String> pairs() {
        return java.util.Collections.unmodifiableMap(pairs);
    }
}
