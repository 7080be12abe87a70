package io.confmon.event;

/**
 * A record that breaks the contract: the reason code and a human sentence that says what is
 * wrong. Thrown by decoding and caught where the record is still at hand (the DLQ branch of the
 * topology, the line of a file in {@code evaluate}). Carries no stack trace: it is an expected
 * outcome on a hot path, not a bug.
 */
public final class Rejection extends RuntimeException {
    private final RejectReason reason;

    public Rejection(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    static Rejection invalid(String detail) {
        return new Rejection(RejectReason.INVALID, detail);
    }
}
