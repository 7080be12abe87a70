package io.confmon.topology;

import java.util.Locale;

/**
 * The {@code upgrade.from} setting: which release's layouts this instance writes. {@link #NONE}
 * writes the current layouts. {@link #V0_1} writes confmon 0.1.0's layouts to the repartition
 * topics and every changelogged store, so 0.1.0 instances of the same application keep reading
 * what this one writes (and restores) during a rolling upgrade; every version is read either way.
 * First bounce: every instance with {@code upgrade.from=0.1}; second bounce: without it.
 */
public enum UpgradeFrom {
    NONE("none"),
    V0_1("0.1");

    private final String value;

    UpgradeFrom(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Whether records and store entries are written in 0.1.0's layouts. */
    boolean writesZeroPointOne() {
        return this == V0_1;
    }

    /** @throws IllegalArgumentException for a value that is not one of {@code none}, {@code 0.1} */
    public static UpgradeFrom parse(String s) {
        String v = s == null ? "none" : s.trim().toLowerCase(Locale.ROOT);
        for (UpgradeFrom u : values()) if (u.value.equals(v)) return u;
        throw new IllegalArgumentException("must be one of none, 0.1 (was '" + s + "')");
    }
}
