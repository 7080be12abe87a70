package io.confmon.http;

import io.confmon.time.Durations;
import io.confmon.matrix.Normalization;
import io.confmon.view.BucketRange;
import io.confmon.view.SliceQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a matrix or heatmap: {@code last=D} or {@code from=..&to=..} (epoch ms or
 * ISO-8601), {@code slice=key:value} (repeatable), {@code normalize}. Neither {@code last} nor
 * {@code from}/{@code to}: the whole retained history.
 */
/**
 * @param of which matrix a heatmap draws: the counted pairs ({@code counts}), or the expected
 *           matrix of every prediction ({@code expected}) or of the labelled ones ({@code expectedLabelled})
 */
record MatrixQuery(BucketRange range, Map<String, String> slice, Normalization normalization, String of) {
    static final List<String> MATRICES = List.of("counts", "expected", "expectedLabelled");

    private static final long OPEN_FROM = Long.MIN_VALUE / 4;
    private static final long OPEN_TO = Long.MAX_VALUE / 4;

    static MatrixQuery parse(String rawQuery, long nowMs, long bucketMs) {
        Map<String, String> single = new LinkedHashMap<>();
        SliceQuery slice = new SliceQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "last", "from", "to", "normalize", "of" -> {
                        if (single.put(key, value) != null) throw new BadRequest(key + " is given twice: give it once");
                    }
                    case "slice" -> {
                        try {
                            slice.add(value);
                        } catch (SliceQuery.InvalidSliceQuery e) {
                            throw new BadRequest(e.getMessage());
                        }
                    }
                    default -> throw new BadRequest("unknown query parameter '" + key + "': use last, from, to, slice, normalize or of");
                }
            }
        }
        Normalization normalization;
        try {
            normalization = Normalization.parse(single.getOrDefault("normalize", "true"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        String of = single.getOrDefault("of", "counts");
        if (!MATRICES.contains(of)) throw new BadRequest("of must be one of " + String.join(", ", MATRICES) + ", got '" + of + "'");
        return new MatrixQuery(range(single, nowMs, bucketMs), slice.pairs(), normalization, of);
    }

    private static BucketRange range(Map<String, String> q, long nowMs, long bucketMs) {
        String last = q.get("last");
        String from = q.get("from");
        String to = q.get("to");
        if (last != null) {
            if (from != null || to != null) throw new BadRequest("give either last or from/to, not both");
            long length;
            try {
                length = Durations.parseMillis(last);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("last: " + e.getMessage());
            }
            if (length <= 0) throw new BadRequest("last must be positive");
            return BucketRange.last(length, nowMs, bucketMs);
        }
        if (from == null && to == null) return BucketRange.ALL;
        long f = from == null ? OPEN_FROM : instant("from", from);
        long t = to == null ? OPEN_TO : instant("to", to);
        if (f >= t) throw new BadRequest("from must be before to");
        return BucketRange.between(f, t, bucketMs);
    }

    private static long instant(String name, String value) {
        try {
            if (value.matches("-?\\d{1,19}")) return bounded(name, Long.parseLong(value));
            try {
                return bounded(name, Instant.parse(value).toEpochMilli());
            } catch (DateTimeParseException e) {
                return bounded(name, OffsetDateTime.parse(value).toInstant().toEpochMilli());
            }
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " must be epoch milliseconds or ISO-8601 (2026-11-24T10:00:00Z), got '" + value + "'");
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadRequest(name + " is out of range: '" + value + "'");
        }
    }

    /** Within the bounds an open range uses, so that aligning to buckets cannot overflow. */
    private static long bounded(String name, long ms) {
        if (ms < OPEN_FROM || ms > OPEN_TO) throw new BadRequest(name + " is out of range: " + ms + " ms");
        return ms;
    }

    private static String decode(String s) {
        return QueryText.decode("query", s);
    }
}
