package io.confmon.render;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The value range the colours span, 0 to {@code max}, and the ticks of the colour bar.
 *
 * <p>Shares of a class (normalized by row or column) always span 0..1, so snapshots of different
 * windows compare by colour alone. Shares of the total and raw counts span 0 to the largest cell:
 * on a fixed scale their cells would all be pale.
 */
record ColorScale(double max, List<Double> ticks, String caption) {
    private static final int TARGET_TICKS = 5;

    static ColorScale unit(String caption) {
        return new ColorScale(1, ticks(1), caption);
    }

    static ColorScale upTo(double largest, String caption) {
        double max = largest > 0 && Double.isFinite(largest) ? largest : 1;
        return new ColorScale(max, ticks(max), caption);
    }

    /** Where a value sits on the scale, 0..1. */
    double position(double value) {
        return Math.max(0, Math.min(1, value / max));
    }

    /** A tick's text, with as many decimals as the tick step needs ("0.2", "0.025", "200", "150k"). */
    String tickLabel(double value) {
        double step = step(max);
        if (step >= 1) return Numbers.compact(value);
        int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Multiples of a 1-2-2.5-5 step from 0 up to max, as matplotlib picks colour bar ticks. */
    static List<Double> ticks(double max) {
        double step = step(max);
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= max * (1 + 1e-9); i++) {
            // Multiplying rather than adding keeps 0.6000000000000001 out of the labels.
            ticks.add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(i)).doubleValue());
        }
        return ticks;
    }

    private static double step(double max) {
        double raw = max / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
        // Rounded through BigDecimal so that 0.1 * 2 is 0.2, not 0.20000000000000004.
        return new BigDecimal(nice * magnitude).round(new java.math.MathContext(3)).doubleValue();
    }
}
