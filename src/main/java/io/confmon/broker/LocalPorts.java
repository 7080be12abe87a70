package io.confmon.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on the loopback address, where the embedded broker listens. */
final class LocalPorts {
    /** The broker listens here only: a development broker is no business of the network. */
    static final String HOST = "127.0.0.1";

    private LocalPorts() {}

    /**
     * A port nobody holds right now. Another process may take it before the broker binds it;
     * {@link EmbeddedBroker} retries with fresh ports when that happens.
     */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback address", e);
        }
    }

    /**
     * Fails fast when the port is taken, before Kafka tries: Kafka reports a failed bind with an
     * ERROR and a stack trace per component it shuts down again, which buries the one line that matters.
     */
    static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same as Kafka's acceptor: a port left in TIME_WAIT by a previous run counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port), 1);
        } catch (IOException e) {
            throw new PortInUseException(port, e);
        }
    }
}
