package io.confmon.matrix;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * The order of learned classes (the contract's Classes): names that read as numbers by value, then
 * every other name by code point. scikit-learn sorts string labels by code point alone ("10" before
 * "2"), so the two agree except where names look like numbers. Being a pure function of the set of
 * names, it lists the classes of a replay exactly as live processing did.
 */
public final class ClassOrder implements Comparator<String> {
    public static final ClassOrder INSTANCE = new ClassOrder();

    private ClassOrder() {}

    @Override
    public int compare(String a, String b) {
        BigDecimal na = numeric(a);
        BigDecimal nb = numeric(b);
        if (na != null && nb != null) {
            int byValue = na.compareTo(nb);
            return byValue != 0 ? byValue : a.compareTo(b);
        }
        if (na != null) return -1;
        if (nb != null) return 1;
        return compareCodePoints(a, b);
    }

    /** The value of a numeric name (an optionally signed decimal), or null. */
    static BigDecimal numeric(String name) {
        if (name.isEmpty() || name.length() > 64) return null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || ((c == '-' || c == '+') && i == 0);
            if (!ok) return null;
        }
        try {
            return new BigDecimal(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the name is a canonical non-negative index ("0", "7", "12"; not "07" or "+1"). */
    static boolean isIndexName(String name) {
        if (name.isEmpty() || name.length() > 9) return false;
        if (name.length() > 1 && name.charAt(0) == '0') return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
