package io.confmon.broker;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in this JVM: one KRaft node that is both broker and controller,
 * listening on 127.0.0.1 only. It backs {@code confmon broker}, {@code confmon demo} and the
 * integration tests, and supports what confmon needs: transactions (Kafka Streams'
 * {@code exactly_once_v2}), consumer groups (classic and consumer protocols), compacted topics.
 * The settings are in {@link BrokerSettings}.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
 *     String bootstrap = broker.bootstrapServers();   // "127.0.0.1:41234"
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Fresh ports per attempt: a port picked as free can be taken by another process before Kafka binds it. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final DataDir dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(KafkaRaftServer server, int port, DataDir dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker and returns once clients can connect to it.
     *
     * @param port    the client port on 127.0.0.1; 0 picks a free one
     * @param dataDir where topics are kept across restarts; null for a temporary folder deleted on {@link #close()}
     * @throws PortInUseException       when {@code port} is taken
     * @throws UnusableDataDirException when {@code dataDir} is a file or a non-empty folder of something else
     */
    public static EmbeddedBroker start(int port, Path dataDir) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        long startNanos = System.nanoTime();
        DataDir dir = DataDir.open(dataDir);
        try {
            EmbeddedBroker broker = startIn(dir, port);
            log.info("Kafka broker ready on {} in {} ms, data in {}",
                    broker.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dir);
            return broker;
        } catch (RuntimeException e) {
            dir.release();
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + port;
    }

    /** The client port, the one asked for or the free one picked. */
    public int port() {
        return port;
    }

    /** Where topics and metadata are kept: the folder asked for, or the temporary one. */
    public Path dataDir() {
        return dataDir.path();
    }

    /** Stops the broker cleanly (it leaves its logs consistent) and deletes a temporary data folder. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        long startNanos = System.nanoTime();
        try {
            stop(server);
        } finally {
            dataDir.release();
        }
        log.info("Kafka broker on {} stopped in {} ms",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static EmbeddedBroker startIn(DataDir dir, int port) {
        for (int attempt = 1; ; attempt++) {
            if (port != 0) LocalPorts.requireFree(port);
            int clientPort = port != 0 ? port : LocalPorts.pickFree();
            int controllerPort = LocalPorts.pickFree();
            KafkaConfig config = new KafkaConfig(BrokerSettings.forDevelopment(clientPort, controllerPort, dir.path()), false);
            KraftStorage.formatIfNew(dir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (Exception e) {
                // Scala declares no checked exceptions: anything may come out of startup.
                stopAfterFailure(server, e);
                if (isBindFailure(e)) {
                    if (port != 0) LocalPorts.requireFree(port);
                    if (attempt < START_ATTEMPTS) {
                        log.debug("A port was taken between picking and binding it; retrying with fresh ports", e);
                        continue;
                    }
                }
                throw new IllegalStateException("the Kafka broker failed to start (data in " + dir + ")", e);
            }
            EmbeddedBroker broker = new EmbeddedBroker(server, clientPort, dir);
            try {
                awaitClientsCanConnect(broker.bootstrapServers());
            } catch (RuntimeException e) {
                stopAfterFailure(server, e);
                throw e;
            }
            return broker;
        }
    }

    /** Ready means a client connects and sees this node in the cluster, not merely that the server object started. */
    private static void awaitClientsCanConnect(String bootstrapServers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int timeoutMs = (int) READY_TIMEOUT.toMillis();
        try (Admin admin = Admin.create(config)) {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the broker on " + bootstrapServers + " answers but lists no brokers");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("clients cannot connect to the broker on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker on " + bootstrapServers, e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Stops a server that failed, keeping the failure as the exception to report. */
    private static void stopAfterFailure(KafkaRaftServer server, Exception failure) {
        try {
            stop(server);
        } catch (RuntimeException stopFailure) {
            failure.addSuppressed(stopFailure);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) return true;
        }
        return false;
    }
}
