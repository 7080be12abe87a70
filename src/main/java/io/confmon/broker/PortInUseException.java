package io.confmon.broker;

/** The port asked for is held by another process: the user picks another one. */
public final class PortInUseException extends RuntimeException {
    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " on 127.0.0.1 is already in use", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
