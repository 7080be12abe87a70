package io.confmon.render;

import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.MatrixMetrics;
import io.confmon.matrix.Normalization;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The words around a matrix: which model, which window, how many instances. Shared by the
 * heatmap's title and the text report's header so both name a matrix alike.
 */
final class Captions {
    static final String SEPARATOR = " · ";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private Captions() {}

    /** {@code model fashion · 2026-11-24 10:00–11:00 UTC · n = 12,345}; parts without a value are left out. */
    static String title(MatrixDocument doc) {
        List<String> parts = new ArrayList<>();
        if (doc.model() != null && !doc.model().isEmpty()) parts.add("model " + doc.model());
        String window = window(doc.from(), doc.to());
        if (!window.isEmpty()) parts.add(window);
        parts.add("n = " + Numbers.grouped(doc.total()));
        return String.join(SEPARATOR, parts);
    }

    /** {@code accuracy 0.873 · macro F1 0.871 · normalize=true}: how good, and what the colours mean. */
    static String subtitle(MatrixDocument doc, Normalization normalization) {
        List<String> parts = new ArrayList<>();
        MatrixMetrics metrics = doc.metrics();
        if (metrics != null && metrics.accuracy() != null) {
            parts.add("accuracy " + Numbers.metric(metrics.accuracy(), 3));
            parts.add("macro F1 " + Numbers.metric(metrics.macroF1(), 3));
        }
        parts.add("normalize=" + normalization.label());
        return String.join(SEPARATOR, parts);
    }

    /**
     * A time range in UTC, the date written once when both ends fall on the same day; minutes
     * only unless a bound has seconds. Empty when neither bound is known.
     */
    static String window(Long from, Long to) {
        if (from == null && to == null) return "";
        if (to == null) return "since " + dateTime(from) + " UTC";
        if (from == null) return "until " + dateTime(to) + " UTC";
        ZonedDateTime start = utc(from);
        ZonedDateTime end = utc(to);
        boolean seconds = start.getSecond() != 0 || end.getSecond() != 0
                || start.getNano() != 0 || end.getNano() != 0;
        if (start.toLocalDate().equals(end.toLocalDate())) {
            return DATE.format(start) + " " + time(start, seconds) + "–" + time(end, seconds) + " UTC";
        }
        return DATE.format(start) + " " + time(start, seconds) + " – " + DATE.format(end) + " " + time(end, seconds) + " UTC";
    }

    /** What the colours and proportions are shares of. */
    static String shareOf(Normalization normalization) {
        return switch (normalization) {
            case TRUE -> "share of actual class";
            case PRED -> "share of predicted class";
            case ALL -> "share of all";
            case NONE -> "count";
        };
    }

    private static String dateTime(long epochMs) {
        ZonedDateTime t = utc(epochMs);
        return DATE.format(t) + " " + time(t, t.getSecond() != 0 || t.getNano() != 0);
    }

    private static String time(ZonedDateTime t, boolean seconds) {
        String pattern = !seconds ? "HH:mm" : t.getNano() == 0 ? "HH:mm:ss" : "HH:mm:ss.SSS";
        return DateTimeFormatter.ofPattern(pattern).format(t);
    }

    private static ZonedDateTime utc(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC);
    }
}
