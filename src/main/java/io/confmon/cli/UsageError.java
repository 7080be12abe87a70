package io.confmon.cli;

/**
 * A problem the user fixes by changing the input, a flag or the configuration: exit code 2, and a
 * message that says what to fix (not a stack trace).
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }

    public UsageError(String message, Throwable cause) {
        super(message, cause);
    }
}
