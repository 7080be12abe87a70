package io.confmon.metrics;

/** The value a registered gauge or counter reads: set by a refresh, read by scrapes on other threads. */
final class SeriesValue {
    private volatile double value = Double.NaN;

    void set(double v) {
        value = v;
    }

    double get() {
        return value;
    }
}
