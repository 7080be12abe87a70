package io.confmon.event;

import java.util.Locale;

/** Why a record was rejected: the contract's dead-letter reason codes, a bounded set (safe as a metric label). */
public enum RejectReason {
    /** Not JSON or Avro. */
    MALFORMED,
    /** A field missing or of the wrong type, a weight < 0 or not finite, a score NaN. */
    INVALID,
    /** An id or model past its size. */
    TOO_LARGE,
    /** A ts outside 2001-09-09..2286-11-20 (seconds or microseconds by mistake). */
    BAD_TIMESTAMP,
    /** With a class list: unknown name, index out of range, scores of the wrong length. */
    UNKNOWN_CLASS;

    /** The code in the {@code confmon.error} header and the {@code reason} label. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
