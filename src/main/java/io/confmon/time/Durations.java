package io.confmon.time;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's durations: {@code <integer><ms|s|m|h|d>}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    /** About 292,000 years: far past any retention, and far from overflowing time arithmetic on it. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000;

    private Durations() {}

    /** Milliseconds, or an {@link IllegalArgumentException} that says what is accepted. */
    public static long parseMillis(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write <integer><ms|s|m|h|d>, e.g. 5m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        // 12 digits of days overflow a long of milliseconds: say so rather than wrap to a negative.
        if (n > MAX_MILLIS / unit) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration: at most " + MAX_MILLIS / 86_400_000L + "d");
        }
        return n * unit;
    }
}
