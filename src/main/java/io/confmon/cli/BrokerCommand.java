package io.confmon.cli;

import io.confmon.broker.EmbeddedBroker;
import io.confmon.broker.PortInUseException;
import io.confmon.broker.UnusableDataDirException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code confmon broker}: a local single-node Kafka broker for trying confmon out. Prints
 * {@code ready on localhost:PORT} once clients can connect, then runs until SIGTERM or Ctrl-C.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Starts a local single-node Kafka broker (KRaft) on 127.0.0.1 for development and demos. "
                + "Prints 'ready on localhost:PORT' once clients can connect, then runs until Ctrl-C or SIGTERM.")
public final class BrokerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BrokerCommand.class);
    /** How long a SIGTERM waits for the broker to close before the JVM exits anyway. */
    private static final long CLOSE_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port for clients on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keeps topics in DIR across restarts (default: a temporary folder deleted on exit).")
    Path dataDir;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageError("--port must be between 0 and 65535, not " + port);
        }
        try {
            try (EmbeddedBroker broker = startBroker()) {
                Thread closeOnSignal = new Thread(this::stopAndAwaitClose, "confmon-broker-shutdown");
                Runtime.getRuntime().addShutdownHook(closeOnSignal);
                PrintWriter out = spec.commandLine().getOut();
                out.println("ready on localhost:" + broker.port());
                out.flush();
                try {
                    stopRequested.await();
                } finally {
                    removeUnlessRunning(closeOnSignal);
                }
            }
        } finally {
            stopped.countDown();
        }
        return ExitCodes.OK;
    }

    /** Stops a running {@code confmon broker} as SIGTERM does; for callers that run it in a thread. */
    public void requestStop() {
        stopRequested.countDown();
    }

    private EmbeddedBroker startBroker() {
        try {
            return EmbeddedBroker.start(port, dataDir);
        } catch (PortInUseException e) {
            throw new UsageError(e.getMessage() + "; stop what uses it or choose another with --port", e);
        } catch (UnusableDataDirException e) {
            throw new UsageError(e.getMessage() + " (--data-dir)", e);
        }
    }

    /**
     * The shutdown hook: the JVM exits when its hooks return, so it waits until {@link #call()} has
     * closed the broker, leaving the data folder consistent for the next start.
     */
    private void stopAndAwaitClose() {
        requestStop();
        try {
            if (!stopped.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The broker did not stop within {} s; exiting anyway", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeUnlessRunning(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is exiting: the hook is what asked us to stop and is waiting for the close.
            log.debug("Shutdown in progress; the shutdown hook stays registered");
        }
    }
}
