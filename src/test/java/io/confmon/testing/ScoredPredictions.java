package io.confmon.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

/**
 * What the expected-matrix tests share: probability vectors drawn at random, actual classes drawn
 * from them, their JSON, and the contract's expected weight of one cell computed by hand in
 * BigDecimal (independently of the code under test).
 */
public final class ScoredPredictions {
    private ScoredPredictions() {}

    /** A Dirichlet(alpha, ..., alpha) draw over k classes, from gamma draws (Marsaglia and Tsang; boosted below 1). */
    public static double[] dirichlet(Random rng, int k, double alpha) {
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = gamma(rng, alpha);
            sum += x[i];
        }
        for (int i = 0; i < k; i++) x[i] /= sum;
        return x;
    }

    /** A softmax of Gaussian logits that favour {@code predicted} by {@code margin}, as a trained classifier's are. */
    public static double[] softmax(Random rng, int k, int predicted, double spread, double margin) {
        double[] x = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            x[i] = rng.nextGaussian() * spread + (i == predicted ? margin : 0);
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) sum += x[i] = Math.exp(x[i] - max);
        for (int i = 0; i < k; i++) x[i] /= sum;
        return x;
    }

    /** A class drawn with the probabilities {@code p}. */
    public static int draw(Random rng, double[] p) {
        double u = rng.nextDouble();
        for (int i = 0; i < p.length - 1; i++) {
            u -= p[i];
            if (u < 0) return i;
        }
        return p.length - 1;
    }

    public static int argmax(double[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return best;
    }

    /** The scores as a JSON array's contents ({@code 0.1,0.9}), each as Java prints it (it reads back exactly). */
    public static String json(double[] scores) {
        StringBuilder out = new StringBuilder();
        for (double d : scores) out.append(out.length() == 0 ? "" : ",").append(d);
        return out.toString();
    }

    /** The contract's expected units of one cell for one event: weight in 1e-6 units times the score kept to 1e-6, rounded half up. */
    public static long expectedUnits(double weight, double score) {
        BigDecimal units = BigDecimal.valueOf(weight).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        BigDecimal ppm = BigDecimal.valueOf(score).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        return units.multiply(ppm).movePointLeft(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static double gamma(Random rng, double alpha) {
        if (alpha < 1) return gamma(rng, alpha + 1) * Math.pow(rng.nextDouble(), 1 / alpha);
        double d = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = Math.pow(1 + c * z, 3);
            if (v > 0 && Math.log(rng.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
