package io.confmon.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table: the first column left-aligned (names), the others right-aligned (numbers)
 * unless marked as text, two spaces apart. Widths count code points, so an ellipsis or accented name keeps columns aligned.
 */
final class TextTable {
    private static final String ELLIPSIS = "…";
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> leftAligned = new HashSet<>(Set.of(0));

    /** Marks a column as text, aligned left like the first. */
    TextTable leftAligned(int column) {
        leftAligned.add(column);
        return this;
    }

    TextTable row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) widths[c] = Math.max(widths[c], length(row.get(c)));
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) line.append("  ");
                line.append(leftAligned.contains(c) ? padRight(row.get(c), widths[c]) : padLeft(row.get(c), widths[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    static String padLeft(String text, int width) {
        return " ".repeat(Math.max(0, width - length(text))) + text;
    }

    static String padRight(String text, int width) {
        return text + " ".repeat(Math.max(0, width - length(text)));
    }

    /** The text cut to at most {@code max} code points, the last one an ellipsis when cut. */
    static String truncate(String text, int max) {
        if (length(text) <= max) return text;
        int end = text.offsetByCodePoints(0, max - 1);
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
