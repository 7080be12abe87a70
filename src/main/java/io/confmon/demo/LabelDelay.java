package io.confmon.demo;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long ground truth takes to arrive after a prediction: log-normal (most labels come soon,
 * a few much later, as with human review or a delayed outcome), cut at {@code max} so a run ends.
 *
 * @param median the median delay
 * @param sigma  the spread of the log of the delay: 1.0 puts the 95th percentile at ~5x the median
 * @param max    no label comes later than this after its prediction
 */
public record LabelDelay(Duration median, double sigma, Duration max) {
    public LabelDelay {
        if (median.isNegative() || median.isZero()) throw new IllegalArgumentException("label delay median must be positive, got " + median);
        if (!(sigma >= 0 && Double.isFinite(sigma))) throw new IllegalArgumentException("label delay sigma must be >= 0, got " + sigma);
        if (max.compareTo(median) < 0) throw new IllegalArgumentException("label delay max " + max + " is below the median " + median);
    }

    /** For the demo: median 20 s, 95% within ~2 min, a tail to 5 min. */
    public static LabelDelay demo() {
        return new LabelDelay(Duration.ofSeconds(20), 1.0, Duration.ofMinutes(5));
    }

    /** The same shape in milliseconds, for tests that must not wait. */
    public static LabelDelay fast() {
        return new LabelDelay(Duration.ofMillis(5), 1.0, Duration.ofMillis(100));
    }

    /** A delay in whole milliseconds, at least 1 so a label is always later than its prediction. */
    public long drawMillis(RandomGenerator rng) {
        double ms = median.toNanos() / 1e6 * Math.exp(sigma * rng.nextGaussian());
        return Math.max(1, Math.min(max.toMillis(), Math.round(ms)));
    }
}
