package io.confmon.event;

import io.confmon.matrix.ClassIndex;

/**
 * The classes a decoded value may name. Open (no class list: index {@code i} is the class named
 * {@code "i"}, any name is accepted and learned later) or fixed by a configured class list (index
 * {@code i} is the i-th name; an unknown name or an index out of range is rejected).
 */
public final class ClassSpace {
    private static final int CACHED_INDEX_NAMES = 4096;
    private static final String[] INDEX_NAMES = new String[CACHED_INDEX_NAMES];

    static {
        for (int i = 0; i < CACHED_INDEX_NAMES; i++) INDEX_NAMES[i] = Integer.toString(i);
    }

    private static final ClassSpace OPEN = new ClassSpace(null);

    private final ClassIndex fixed;

    private ClassSpace(ClassIndex fixed) {
        this.fixed = fixed;
    }

    public static ClassSpace open() {
        return OPEN;
    }

    public static ClassSpace of(ClassIndex classes) {
        return new ClassSpace(classes);
    }

    /** The configured class list, or null when classes are learned. */
    public ClassIndex fixed() {
        return fixed;
    }

    public boolean isOpen() {
        return fixed == null;
    }

    /** The name of class {@code index} (a valid index): the class list's, or the index itself without one. */
    public String className(int index) {
        if (fixed != null) return fixed.name(index);
        return index < CACHED_INDEX_NAMES ? INDEX_NAMES[index] : Integer.toString(index);
    }

    String byIndex(long index, String field) {
        if (index < 0) throw Rejection.invalid(field + " is a negative class index (" + index + ")");
        if (fixed == null) {
            if (index > Integer.MAX_VALUE) throw Rejection.invalid(field + " class index " + index + " is too large");
            return index < CACHED_INDEX_NAMES ? INDEX_NAMES[(int) index] : Long.toString(index);
        }
        if (index >= fixed.size()) {
            throw new Rejection(RejectReason.UNKNOWN_CLASS, field + " class index " + index
                    + " is out of range: the class list has " + fixed.size() + " classes (0.." + (fixed.size() - 1) + ")");
        }
        return fixed.name((int) index);
    }

    String byName(String name, String field) {
        if (name.isEmpty()) throw Rejection.invalid(field + " is an empty class name");
        if (fixed == null) return name;
        if (fixed.positionOrMinusOne(name) < 0) {
            throw new Rejection(RejectReason.UNKNOWN_CLASS, field + " names class '" + name
                    + "', which is not in the class list " + abbreviated(fixed));
        }
        return name;
    }

    void checkScoresLength(int length, String field) {
        if (fixed == null) return;
        boolean fits = length == fixed.size() || (length == 1 && fixed.size() == 2);
        if (!fits) {
            throw new Rejection(RejectReason.UNKNOWN_CLASS, field + " has " + length + " scores but the class list has "
                    + fixed.size() + " classes" + (fixed.size() == 2 ? " (or give 1 binary probability)" : ""));
        }
    }

    private static String abbreviated(ClassIndex classes) {
        return classes.size() <= 12 ? classes.names().toString()
                : classes.names().subList(0, 12).toString().replace("]", ", ... (" + classes.size() + " in all)]");
    }
}
