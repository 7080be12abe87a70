package io.confmon.cli;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.metrics.MonitorInstruments;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code confmon run}: the live monitor, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the live monitor: join predictions with labels and keep confusion matrices, served over HTTP.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--create-topics", description = "Create the missing input topics too (else: name them and wait). The output topics are created when missing either way.")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        config.warnings().forEach(w -> log.warn(w));
        // The outputs first: a principal that may not create them stops here, before any wait.
        if (createTopics) {
            TopicSetup.createAll(config);
        } else {
            TopicSetup.createOutputs(config);
            if (!TopicSetup.awaitInputs(config, () -> true)) return ExitCodes.RUNTIME_FAILURE;
        }
        return runUntilStopped(config);
    }

    static int runUntilStopped(Config config) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Monitor monitor = Monitor.start(config, new MonitorInstruments());
        Thread hook = new Thread(() -> {
            log.info("stopping");
            monitor.close();
            stopped.countDown();
        }, "confmon-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf("confmon running: http://localhost:%d/ (API /api/v1/models, metrics /metrics)%n", monitor.httpPort());
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (monitor.failed()) {
                Runtime.getRuntime().removeShutdownHook(hook);
                monitor.close();
                log.error("confmon stopped after a failure: {}", String.valueOf(monitor.failure()));
                return ExitCodes.RUNTIME_FAILURE;
            }
        }
        return ExitCodes.OK;
    }
}
