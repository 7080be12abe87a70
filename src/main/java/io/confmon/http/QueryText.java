package io.confmon.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of a path segment or a query part, where a broken escape is the client's mistake (400). */
final class QueryText {
    private QueryText() {}

    static String decode(String what, String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(what + " has a broken percent escape (write a '%' as %25): " + e.getMessage());
        }
    }
}
