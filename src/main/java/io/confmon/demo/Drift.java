package io.confmon.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A model going wrong in production on one pair of classes: from {@code start}, over {@code ramp},
 * the share of {@code actual} rows predicted as {@code predicted} rises to {@code rate} (the rest
 * of the row shrinks in proportion). A sharp rise is what the "rising confusion" alert must catch.
 */
public record Drift(int actual, int predicted, double rate, Instant start, Duration ramp) {
    public Drift {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(ramp, "ramp");
        if (actual == predicted) throw new IllegalArgumentException("drift is an off-diagonal confusion, got the diagonal cell " + actual);
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("drift rate must be in [0, 1), got " + rate);
        if (ramp.isNegative()) throw new IllegalArgumentException("drift ramp must not be negative, got " + ramp);
    }

    /** How far the drift has gone at {@code at}: 0 before it starts, 1 once the ramp is over. */
    public double progress(Instant at) {
        if (at.isBefore(start)) return 0;
        if (ramp.isZero()) return 1;
        double done = Duration.between(start, at).toNanos() / (double) ramp.toNanos();
        return Math.min(1, done);
    }
}
