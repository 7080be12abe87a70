package io.confmon.matrix;

/**
 * Sample weights are counted in integer units of 1e-6 so that sums are exact and do not depend on
 * the order of addition: a replay that meets the same events in another order must give the same
 * bytes, which double arithmetic cannot promise.
 */
public final class Weights {
    public static final long UNITS_PER_WEIGHT = 1_000_000L;
    public static final long ONE = UNITS_PER_WEIGHT;
    /** Far above any real weight, far below where a long sum of many of them could overflow. */
    public static final double MAX_WEIGHT = 1e9;

    private Weights() {}

    /** Whether {@code weight} is acceptable as a sample weight: finite, >= 0 and not absurdly large. */
    public static boolean isValid(double weight) {
        return Double.isFinite(weight) && weight >= 0 && weight <= MAX_WEIGHT;
    }

    /** The weight in units, rounded half up; the caller has checked {@link #isValid}. */
    public static long toUnits(double weight) {
        return Math.round(weight * UNITS_PER_WEIGHT);
    }

    public static double toWeight(long units) {
        return units / (double) UNITS_PER_WEIGHT;
    }
}
