package io.confmon.event;

import io.confmon.matrix.Weights;
import java.util.Arrays;

/**
 * A prediction's full probability vector over its model's classes, as the expected matrix uses it:
 * one share per class in parts per million (the 1e-6 precision weights have). Kept for every
 * pending prediction, so compact: a share fits three bytes where a double takes eight.
 */
public final class Probabilities {
    /** A vector whose sum is further than this from 1 is not a probability vector (logits, one-vs-rest scores). */
    static final double SUM_TOLERANCE = 1e-3;
    /** The precision of weights too: a weight of 1 gives a share's own ppm. */
    private static final long PPM = Weights.UNITS_PER_WEIGHT;

    private final int[] ppm;

    private Probabilities(int[] ppm) {
        this.ppm = ppm;
    }

    /**
     * The vector of {@code scores} when it is a full probability vector (two or more entries, each
     * in [0, 1], summing to 1 within {@value #SUM_TOLERANCE}); null otherwise: such scores still
     * name the predicted class, they only promise no expected matrix.
     */
    public static Probabilities of(double[] scores) {
        if (scores == null || scores.length < 2) return null;
        double sum = 0;
        int[] ppm = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!(s >= 0 && s <= 1)) return null;
            sum += s;
            ppm[i] = (int) Math.round(s * PPM);
        }
        return Math.abs(sum - 1) <= SUM_TOLERANCE ? new Probabilities(ppm) : null;
    }

    /** Shares already in parts per million (read back from a stored layout). */
    public static Probabilities ofPpm(int[] ppm) {
        return new Probabilities(ppm.clone());
    }

    public int size() {
        return ppm.length;
    }

    public int ppm(int index) {
        return ppm[index];
    }

    /**
     * The expected weight of class {@code index} in a row of {@code weightUnits}, in weight units:
     * {@code weightUnits x share}, rounded half up; exact integer arithmetic (no overflow for any
     * valid weight), so every replay sums the same.
     */
    public long units(int index, long weightUnits) {
        long p = ppm[index];
        return weightUnits / PPM * p + (weightUnits % PPM * p + PPM / 2) / PPM;
    }

    /** The shares as doubles (for tests and reports). */
    public double share(int index) {
        return ppm[index] / (double) PPM;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Probabilities p && Arrays.equals(ppm, p.ppm);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ppm);
    }

    @Override
    public String toString() {
        return "Probabilities" + Arrays.toString(ppm);
    }
}
