package io.confmon.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's durations: {@code <integer><ms|s|m|h|d>}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {}

    /** Milliseconds, or an {@link IllegalArgumentException} that says what is accepted. */
    public static long parseMillis(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write <integer><ms|s|m|h|d>, e.g. 5m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000L;
            case "m" -> n * 60_000L;
            case "h" -> n * 3_600_000L;
            default -> n * 86_400_000L;
        };
    }
}
