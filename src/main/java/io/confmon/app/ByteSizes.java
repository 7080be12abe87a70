package io.confmon.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes in configuration: {@code <integer>[B|KiB|MiB|GiB]}, binary units as Kubernetes writes them. */
public final class ByteSizes {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

    private ByteSizes() {}

    /** Bytes, or an {@link IllegalArgumentException} that says what is accepted. */
    public static long parseBytes(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write <integer>[B|KiB|MiB|GiB], e.g. 64MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return switch (unit) {
            case "KiB" -> n << 10;
            case "MiB" -> n << 20;
            case "GiB" -> n << 30;
            default -> n;
        };
    }
}
