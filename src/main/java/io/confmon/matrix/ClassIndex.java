package io.confmon.matrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * An immutable, ordered list of class names: row and column {@code i} of a matrix is class
 * {@code names().get(i)}. Either given (a configured class list, {@code num_classes}) or derived
 * from the names seen by {@link #learned}.
 */
public final class ClassIndex {
    /** Where classes past the cap are counted together; always listed last. */
    public static final String OTHER = "__other__";

    private final List<String> names;
    private final Map<String, Integer> positions;

    private ClassIndex(List<String> names) {
        this.names = List.copyOf(names);
        this.positions = new HashMap<>(names.size() * 2);
        for (int i = 0; i < this.names.size(); i++) {
            if (positions.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("class listed twice: " + this.names.get(i));
            }
        }
    }

    /** A given class list, in the given order. */
    public static ClassIndex of(List<String> names) {
        return new ClassIndex(names);
    }

    /** Classes "0" .. "n-1", like {@code num_classes}. */
    public static ClassIndex ofNumClasses(int n) {
        if (n < 1) throw new IllegalArgumentException("the number of classes must be at least 1, got " + n);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(Integer.toString(i));
        return new ClassIndex(names);
    }

    /**
     * The class list of names learned without a configured list: when every name is an index,
     * "0" to the largest one (as {@code tf.math.confusion_matrix}); otherwise the names sorted by
     * {@link ClassOrder}. {@link #OTHER}, if present, goes last.
     */
    public static ClassIndex learned(Collection<String> seen) {
        boolean other = seen.contains(OTHER);
        TreeSet<String> sorted = new TreeSet<>(ClassOrder.INSTANCE);
        for (String name : seen) {
            if (!OTHER.equals(name)) sorted.add(name);
        }
        List<String> names;
        if (!sorted.isEmpty() && sorted.stream().allMatch(ClassOrder::isIndexName)) {
            int max = Integer.parseInt(sorted.last());
            names = new ArrayList<>(max + 2);
            for (int i = 0; i <= max; i++) names.add(Integer.toString(i));
        } else {
            names = new ArrayList<>(sorted);
        }
        if (other) names.add(OTHER);
        return new ClassIndex(names);
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public String name(int position) {
        return names.get(position);
    }

    public OptionalInt position(String name) {
        Integer p = positions.get(name);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /** The position of a name, or -1. */
    public int positionOrMinusOne(String name) {
        Integer p = positions.get(name);
        return p == null ? -1 : p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassIndex other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
