package io.confmon.evaluate;

/** A row of the input that cannot be counted: names the file, the line and what to fix. */
public final class InputError extends RuntimeException {
    public InputError(String source, long line, String detail) {
        super(source + (line > 0 ? ":" + line : "") + ": " + detail);
    }
}
