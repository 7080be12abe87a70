package io.confmon.alerts;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Labelled rows of one model, drawn one by one, counted per one-minute bucket by (actual,
 * predicted) as confmon counts them: {@code counts[minute][actual][predicted]}. Each row's
 * predicted class is a random draw from the actual class's row of a confusion matrix that may
 * change with time, so the counts carry real binomial noise, not straight lines.
 */
final class SimulatedTraffic {
    /** How many rows of an actual class arrive in a minute, and where they go. */
    interface Model {
        /** Rows of {@code actual} in bucket {@code minute} (may itself be random). */
        int rows(int minute, int actual, SplittableRandom random);

        /** P(predicted | actual) in bucket {@code minute}; sums to 1. */
        double[] shares(int minute, int actual);
    }

    final String model;
    final List<String> classes;
    final long[][][] counts;

    private SimulatedTraffic(String model, List<String> classes, long[][][] counts) {
        this.model = model;
        this.classes = List.copyOf(classes);
        this.counts = counts;
    }

    static SimulatedTraffic draw(String model, List<String> classes, int minutes, Model source, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = classes.size();
        long[][][] counts = new long[minutes][k][k];
        for (int minute = 0; minute < minutes; minute++) {
            for (int actual = 0; actual < k; actual++) {
                double[] shares = source.shares(minute, actual);
                int rows = source.rows(minute, actual, random);
                for (int r = 0; r < rows; r++) counts[minute][actual][pick(shares, random.nextDouble())]++;
            }
        }
        return new SimulatedTraffic(model, classes, counts);
    }

    int minutes() {
        return counts.length;
    }

    private static int pick(double[] shares, double u) {
        double cumulative = 0;
        for (int j = 0; j < shares.length; j++) {
            cumulative += shares[j];
            if (u < cumulative) return j;
        }
        return shares.length - 1; // rounding: the shares sum to 1 within an ulp or two
    }

    /** A Poisson draw (Knuth's method; fine for the small means used here). */
    static int poisson(double mean, SplittableRandom random) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            n++;
            product *= random.nextDouble();
        }
        return n;
    }
}
