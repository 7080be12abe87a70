package io.confmon.app;

/** A configuration the monitor cannot start with; the message names the key and says what to fix. Exit code 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
