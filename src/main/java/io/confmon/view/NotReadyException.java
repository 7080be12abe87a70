package io.confmon.view;

/** The state that answers a query is starting, restoring or moving: ask again shortly (HTTP 503 with Retry-After). */
public final class NotReadyException extends RuntimeException {
    public NotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
