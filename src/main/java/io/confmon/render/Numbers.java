package io.confmon.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Number formats shared by the heatmap and the text report, so a count reads the same in both.
 * Always {@link Locale#ROOT}: a report must not change its decimal separator with the server's locale.
 */
final class Numbers {
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private Numbers() {}

    /** A weighted count: an integer when whole (weights are usually 1), else up to 3 decimals. */
    static String count(double value) {
        return format("0.###", value);
    }

    /** A count with thousands separators, for totals in captions: {@code 12,345}. */
    static String grouped(double value) {
        return format("#,##0.###", value);
    }

    /** A count in a heatmap cell, where width is scarce: 412, 412.5, 99999, 123k, 1.23M. */
    static String compact(double value) {
        double magnitude = Math.abs(value);
        if (magnitude < 10) return format("0.##", value);
        if (magnitude < 100_000) return format("0.#", value);
        if (magnitude < 999_500) return format("0", value / 1e3) + "k";
        if (magnitude < 999_500_000) return format("0.##", value / 1e6) + "M";
        return format("0.##", value / 1e9) + "G";
    }

    /**
     * A proportion with 2 decimals, as notebooks print them; a tiny non-zero one keeps 2
     * significant digits instead, so that a rare confusion does not read as "0.00".
     */
    static String ratio(double value) {
        if (value > 0 && value < 0.005) {
            return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        return format("0.00", value);
    }

    /**
     * A proportion in a heatmap cell: always 2 decimals, as {@code fmt='.2f'} in a notebook, so
     * every cell's text has the same width; the count above it shows a "0.00" is not empty.
     */
    static String cellRatio(double value) {
        return format("0.00", value);
    }

    /** A proportion as a percentage with one decimal: {@code 21.0%}. */
    static String percent(double ratio) {
        return format("0.0", ratio * 100) + "%";
    }

    /** A metric with a fixed number of decimals, or "n/a" where the contract answers null. */
    static String metric(Double value, int decimals) {
        if (value == null || value.isNaN()) return "n/a";
        return fixed(value, decimals);
    }

    static String fixed(double value, int decimals) {
        return format(decimals == 0 ? "0" : "0." + "0".repeat(decimals), value);
    }

    /**
     * A coordinate in the SVG: two decimals are a hundredth of a pixel, and the SVG of a large
     * matrix is a third smaller than with the full double.
     */
    static String coordinate(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        long whole = (long) rounded;
        return rounded == whole ? Long.toString(whole) : Double.toString(rounded);
    }

    private static String format(String pattern, double value) {
        // DecimalFormat is not thread-safe and cheap to build: one per call.
        return new DecimalFormat(pattern, SYMBOLS).format(value);
    }
}
