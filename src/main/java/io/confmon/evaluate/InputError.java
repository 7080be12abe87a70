package io.confmon.evaluate;

/** A row of the input that cannot be counted: names the file, the line and what to fix. */
public final class InputError extends RuntimeException {
    private final String source;
    private final long line;

    public InputError(String source, long line, String detail) {
        super(source + (line > 0 ? ":" + line : "") + ": " + detail);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }
}
