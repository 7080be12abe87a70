package io.confmon.cli;

import io.confmon.app.Config;
import io.confmon.tf.ModelError;
import io.confmon.tf.TensorFlowBackend;
import io.confmon.tf.TensorFlowRuntime;
import io.confmon.tf.score.Scorer;
import io.confmon.tf.score.ServedModels;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code confmon score}: runs each model's SavedModel on its feature events and writes prediction events, exactly once. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score feature events (topics.features) with each model's TensorFlow SavedModel",
            "(models.<model>.savedmodel) into prediction events (topics.predictions), exactly once;",
            "malformed or wrongly shaped events go to the DLQ (topics.dlq). Runs until SIGTERM or Ctrl-C."})
public final class ScoreCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ScoreCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--max-batch", defaultValue = "500", paramLabel = "N",
            description = "Most records per poll, transaction and model call (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        config.warnings().forEach(log::warn);
        Map<String, Path> dirs = config.savedModels();
        if (dirs.isEmpty()) throw new UsageError("no model to serve: set models.<model>.savedmodel (e.g. --set models.fashion.savedmodel=DIR)");
        if (maxBatch < 1) throw new UsageError("--max-batch must be at least 1, got " + maxBatch);
        ServedModels models;
        try {
            TensorFlowBackend tf = TensorFlowRuntime.backend();
            models = ServedModels.load(tf, dirs, config.modelSettings());
        } catch (ModelError e) {
            throw new UsageError(e.getMessage(), e);
        }
        Scorer.Settings settings = new Scorer.Settings(config.get("topics.features"), config.get("topics.predictions"),
                config.get("topics.dlq"), config.applicationId() + "-score", config.applicationId() + "-score-" + hostName(),
                maxBatch, config.kafkaProperties());
        CountDownLatch closed = new CountDownLatch(1);
        try (models; Scorer scorer = new Scorer(settings, models.byName())) {
            Thread hook = new Thread(() -> {
                scorer.stop();
                try {
                    closed.await(); // until the loop has committed or aborted its transaction and closed the clients
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "confmon-score-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("confmon score: %s -> %s, models %s%n", settings.featuresTopic(), settings.predictionsTopic(), models.describe());
            scorer.run();
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
