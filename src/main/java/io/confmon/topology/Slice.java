package io.confmon.topology;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The slice an event was made under: its configured slice keys and their values, sorted by key.
 * Keys and values are data (any characters); they are stored length-prefixed by the layouts
 * ({@link ByteWriter#slice}), never joined with delimiters. Ordered by its pairs, so maps of
 * slices iterate alike on every replay.
 */
public final class Slice implements Comparable<Slice> {
    public static final Slice NONE = new Slice(Collections.emptySortedMap());

    private final SortedMap<String, String> pairs;
    /** Kept: slices are hashed per record (the join's delta keys) and never change. */
    private final int hash;

    private Slice(SortedMap<String, String> pairs) {
        this.pairs = pairs;
        this.hash = pairs.hashCode();
    }

    public static Slice of(Map<String, String> pairs) {
        return pairs.isEmpty() ? NONE : new Slice(Collections.unmodifiableSortedMap(new TreeMap<>(pairs)));
    }

    /** Takes a sorted map the caller no longer touches. */
    static Slice sorted(TreeMap<String, String> pairs) {
        return pairs.isEmpty() ? NONE : new Slice(Collections.unmodifiableSortedMap(pairs));
    }

    public SortedMap<String, String> pairs() {
        return pairs;
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** Whether this slice holds every pair of the filter (an empty filter matches every slice). */
    public boolean matches(Map<String, String> filter) {
        for (Map.Entry<String, String> f : filter.entrySet()) {
            if (!f.getValue().equals(pairs.get(f.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int compareTo(Slice o) {
        Iterator<Map.Entry<String, String>> a = pairs.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = o.pairs.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<String, String> x = a.next();
            Map.Entry<String, String> y = b.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c == 0) c = x.getValue().compareTo(y.getValue());
            if (c != 0) return c;
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Slice s && hash == s.hash && pairs.equals(s.pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return pairs.toString();
    }
}
