package io.confmon.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A stand-in for a CNN serving Fashion-MNIST in production: it draws the true class of a request
 * from a class prior and the predicted class from a confusion matrix P(predicted | actual), and
 * can make up softmax scores for a prediction. Immutable; the caller brings the random generator,
 * so one seeded generator makes a whole run reproducible.
 *
 * <p>The standard matrix is shaped like a small CNN's on the Fashion-MNIST test set (about 90%
 * accurate): Shirt is the weak class (mistaken for T-shirt/top, Pullover and Coat), Pullover and
 * Coat swap, and the footwear classes (Sandal, Sneaker, Ankle boot) blur a little.
 */
public final class FashionClassifier {
    /** Fashion-MNIST's classes in their usual index order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int TSHIRT_TOP = 0;
    public static final int PULLOVER = 2;
    public static final int COAT = 4;
    public static final int SHIRT = 6;

    /** Rows: actual; columns: predicted; in {@link #CLASSES} order. Each row sums to 1. */
    private static final double[][] CNN_CONFUSION = {
        {.860, .005, .015, .025, .005, .001, .080, .000, .009, .000},
        {.003, .978, .002, .012, .003, .000, .001, .000, .001, .000},
        {.015, .001, .850, .008, .065, .000, .058, .000, .003, .000},
        {.025, .008, .008, .910, .025, .000, .022, .000, .002, .000},
        {.002, .001, .070, .025, .850, .000, .050, .000, .002, .000},
        {.000, .000, .000, .001, .000, .970, .000, .018, .002, .009},
        {.120, .002, .070, .025, .070, .000, .700, .000, .013, .000},
        {.000, .000, .000, .000, .000, .022, .000, .958, .001, .019},
        {.004, .001, .003, .003, .002, .002, .005, .002, .977, .001},
        {.000, .000, .000, .000, .000, .006, .001, .028, .001, .964},
    };
    /** Production traffic is not the balanced test set: tops and sneakers are asked about more. */
    private static final double[] PRODUCTION_PRIOR = {.12, .08, .10, .09, .09, .08, .12, .12, .09, .11};
    private static final double ROW_SUM_TOLERANCE = 1e-9;

    private final double[] prior;
    private final double[][] confusion;
    private final Drift drift;
    /** The whole drifted row of {@code drift.actual()}; sampling mixes it with the base row by the drift's progress. */
    private final double[] driftedRow;

    /**
     * @param prior     P(actual), one entry per class, summing to 1
     * @param confusion P(predicted | actual), K x K, each row summing to 1
     */
    public FashionClassifier(double[] prior, double[][] confusion) {
        this(prior, confusion, null);
    }

    private FashionClassifier(double[] prior, double[][] confusion, Drift drift) {
        int k = CLASSES.size();
        checkDistribution("prior", prior, k);
        if (confusion.length != k) throw new IllegalArgumentException("confusion needs " + k + " rows, got " + confusion.length);
        for (int i = 0; i < k; i++) checkDistribution("confusion row " + CLASSES.get(i), confusion[i], k);
        this.prior = prior.clone();
        this.confusion = deepCopy(confusion);
        this.drift = drift;
        this.driftedRow = drift == null ? null : drifted(confusion[drift.actual()], drift);
    }

    /** The CNN-like matrix and production prior, without drift. */
    public static FashionClassifier standard() {
        return new FashionClassifier(PRODUCTION_PRIOR, CNN_CONFUSION);
    }

    /**
     * A retrained candidate served in shadow: better on Shirt (less often called a T-shirt/top),
     * a little worse on Coat (more often called a Pullover), so comparing the two is interesting.
     */
    public static FashionClassifier canary() {
        double[][] m = deepCopy(CNN_CONFUSION);
        m[SHIRT][TSHIRT_TOP] = .080;
        m[SHIRT][SHIRT] = .740;
        m[COAT][PULLOVER] = .090;
        m[COAT][COAT] = .830;
        return new FashionClassifier(PRODUCTION_PRIOR, m);
    }

    /** This classifier, but from {@code start} over {@code ramp} it calls a rising share {@code rate} of Shirts a T-shirt/top. */
    public FashionClassifier withDrift(Instant start, Duration ramp, double rate) {
        return withDrift(new Drift(SHIRT, TSHIRT_TOP, rate, start, ramp));
    }

    /** From {@code start} on, 45% of Shirts (12% before) are called a T-shirt/top. */
    public FashionClassifier withDrift(Instant start) {
        return withDrift(start, Duration.ZERO, 0.45);
    }

    public FashionClassifier withDrift(Drift drift) {
        return new FashionClassifier(prior, confusion, drift);
    }

    public List<String> classes() {
        return CLASSES;
    }

    public double[] prior() {
        return prior.clone();
    }

    /** P(predicted | actual) in effect at {@code at}, drift included. */
    public double[][] confusionAt(Instant at) {
        double[][] m = deepCopy(confusion);
        double progress = drift == null ? 0 : drift.progress(at);
        if (progress > 0) {
            double[] row = m[drift.actual()];
            for (int j = 0; j < row.length; j++) row[j] = (1 - progress) * row[j] + progress * driftedRow[j];
        }
        return m;
    }

    public int drawActual(RandomGenerator rng) {
        return draw(prior, rng);
    }

    public int predict(int actual, Instant at, RandomGenerator rng) {
        double progress = drift == null || actual != drift.actual() ? 0 : drift.progress(at);
        // The drifting row at progress p is the mixture (1-p) base + p drifted: draw which, then from it.
        if (progress > 0 && (progress >= 1 || rng.nextDouble() < progress)) return draw(driftedRow, rng);
        return draw(confusion[actual], rng);
    }

    /**
     * Softmax-like scores whose argmax is strictly {@code predicted}: the winner gets 0.55..0.99
     * (mostly near the top, as a trained CNN is confident), the others share the rest. Rounded to
     * 4 decimals, as a service would print them; the winner still stays strictly ahead.
     */
    public double[] scores(int predicted, RandomGenerator rng) {
        int k = CLASSES.size();
        double u = rng.nextDouble();
        double top = 0.99 - 0.44 * u * u;
        double[] rest = new double[k];
        double restSum = 0;
        for (int j = 0; j < k; j++) {
            if (j == predicted) continue;
            rest[j] = -Math.log(1 - rng.nextDouble());
            restSum += rest[j];
        }
        double[] scores = new double[k];
        for (int j = 0; j < k; j++) {
            double p = j == predicted ? top : (1 - top) * rest[j] / restSum;
            scores[j] = Math.round(p * 10_000) / 10_000.0;
        }
        return scores;
    }

    private static int draw(double[] distribution, RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < distribution.length; i++) {
            if (distribution[i] == 0) continue;
            cumulative += distribution[i];
            last = i;
            if (u < cumulative) return i;
        }
        // Rounding can leave the cumulative sum a hair under 1.
        return last;
    }

    private static double[] drifted(double[] row, Drift drift) {
        double[] out = row.clone();
        double others = 1 - row[drift.predicted()];
        double scale = (1 - drift.rate()) / others;
        for (int j = 0; j < out.length; j++) out[j] = j == drift.predicted() ? drift.rate() : row[j] * scale;
        return out;
    }

    private static void checkDistribution(String what, double[] p, int k) {
        if (p.length != k) throw new IllegalArgumentException(what + " needs " + k + " entries, got " + p.length);
        double sum = 0;
        for (double x : p) {
            if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException(what + " has an entry outside [0, 1]: " + Arrays.toString(p));
            sum += x;
        }
        if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new IllegalArgumentException(what + " sums to " + sum + ", not 1");
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }
}
