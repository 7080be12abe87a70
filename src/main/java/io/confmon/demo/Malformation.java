package io.confmon.demo;

/** The ways a simulated record is broken; the DLQ reason code the contract gives each is in its comment. */
public enum Malformation {
    /** {@code malformed}. */
    NOT_JSON,
    /** {@code invalid}. */
    NEGATIVE_WEIGHT,
    /** {@code bad_timestamp}: an epoch in seconds, the classic mistake; the contract rejects ts below 1e12. */
    TS_IN_SECONDS,
    /** {@code invalid}: no id and no key to fall back to. */
    MISSING_ID
}
