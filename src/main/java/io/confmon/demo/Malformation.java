package io.confmon.demo;

/** The ways a simulated record is broken, each with the DLQ reason code the contract gives it. */
public enum Malformation {
    NOT_JSON("malformed"),
    NEGATIVE_WEIGHT("invalid"),
    /** An epoch in seconds, the classic mistake; the contract rejects ts below 1e12. */
    TS_IN_SECONDS("bad_timestamp"),
    /** No id and no key to fall back to. */
    MISSING_ID("invalid");

    private final String reasonCode;

    Malformation(String reasonCode) {
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
