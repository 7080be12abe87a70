package io.confmon.evaluate;

/**
 * One row's raw values, reused from row to row (a file of ten million rows must not allocate a
 * holder per row). Each value is null, a {@code String}, a {@code Long} or a {@code double[]}; the
 * weight a {@code Double} or {@code Long}.
 */
final class Row {
    Object actual;
    Object predicted;
    Object scores;
    Object weight;
    boolean weightSeen;

    void clear() {
        actual = null;
        predicted = null;
        scores = null;
        weight = null;
        weightSeen = false;
    }
}
