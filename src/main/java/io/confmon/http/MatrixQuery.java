package io.confmon.http;

import io.confmon.app.Durations;
import io.confmon.matrix.Normalization;
import io.confmon.view.BucketRange;
import io.confmon.view.SliceQuery;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query of a matrix or heatmap: {@code last=D} or {@code from=..&to=..} (epoch ms or
 * ISO-8601), {@code slice=key:value} (repeatable), {@code normalize}. Neither {@code last} nor
 * {@code from}/{@code to}: the whole retained history.
 */
record MatrixQuery(BucketRange range, Map<String, String> slice, Normalization normalization) {

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
                    case "last", "from", "to", "normalize" -> single.put(key, value);
                    case "slice" -> {
                        try {
                            slice.add(value);
                        } catch (SliceQuery.InvalidSliceQuery e) {
                            throw new BadRequest(e.getMessage());
                        }
                    }
                    default -> throw new BadRequest("unknown query parameter '" + key + "': use last, from, to, slice or normalize");
                }
            }
        }
        Normalization normalization;
        try {
            normalization = Normalization.parse(single.getOrDefault("normalize", "true"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return new MatrixQuery(range(single, nowMs, bucketMs), slice.pairs(), normalization);
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
        long f = from == null ? Long.MIN_VALUE / 4 : instant("from", from);
        long t = to == null ? Long.MAX_VALUE / 4 : instant("to", to);
        if (f >= t) throw new BadRequest("from must be before to");
        return BucketRange.between(f, t, bucketMs);
    }

    private static long instant(String name, String value) {
        if (value.matches("-?\\d{1,19}")) return Long.parseLong(value);
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadRequest(name + " must be epoch milliseconds or ISO-8601 (2026-11-24T10:00:00Z), got '" + value + "'");
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
