package io.confmon.tf;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.render.HeatmapOptions;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelLocator;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tensorboard.logdir} for {@code confmon run}: every {@code snapshot.interval}, for each
 * model this instance holds and each rolling view, one TensorBoard step in
 * {@code LOGDIR/<model>/<view>/}: the page's heatmap (normalized by true class, with its subtitle)
 * and the {@link MatrixSummaries} scalars. The step is the interval's number since the epoch (the
 * first one from the clock, then counted), so a restarted monitor goes on where it stopped. {@link Monitor} loads this class by name only when
 * the key is set, so TensorFlow stays out of {@code run} otherwise.
 */
public final class TensorBoardLog implements Monitor.Instruments {
    private static final Logger log = LoggerFactory.getLogger(TensorBoardLog.class);

    @Override
    public List<AutoCloseable> bind(PrometheusMeterRegistry registry, ModelSource local, ModelLocator locator, Config config) {
        Path logdir = config.tensorboardLogdir().orElseThrow(() -> new IllegalStateException("tensorboard.logdir is not set"));
        TensorFlowBackend tf = TensorFlowRuntime.backend(); // fails start-up, saying how to install it, when absent
        long interval = config.snapshotIntervalMs();
        long now = System.currentTimeMillis();
        long firstDelay = interval - now % interval; // steps on the interval's boundaries
        Writer writer = new Writer(tf, logdir, local, config, (now + firstDelay) / interval);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "confmon-tensorboard");
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleAtFixedRate(writer::tick, firstDelay, interval, TimeUnit.MILLISECONDS);
        log.info("TensorBoard event files every {} ms in {} (TensorFlow {})", interval, logdir, tf.version());
        return List.of(() -> {
            ticks.shutdown();
            if (!ticks.awaitTermination(10, TimeUnit.SECONDS)) log.warn("the TensorBoard writer did not stop within 10 s");
            writer.close();
        });
    }

    /** One event file per model and view, opened when first needed; used by the one ticking thread only. */
    private static final class Writer {
        private final TensorFlowBackend tf;
        private final Path logdir;
        private final ModelSource local;
        private final Config config;
        private final Map<String, EventFileWriter> files = new HashMap<>();
        private long nextStep;

        Writer(TensorFlowBackend tf, Path logdir, ModelSource local, Config config, long firstStep) {
            this.nextStep = firstStep;
            this.tf = tf;
            this.logdir = logdir;
            this.local = local;
            this.config = config;
        }

        void tick() {
            long now = System.currentTimeMillis();
            // Counted, not read off the clock: a tick run late (a busy machine) still gets its own step.
            long step = nextStep++;
            try {
                for (String model : local.models()) {
                    for (Config.View view : config.views()) write(model, view, now, step);
                }
            } catch (NotReadyException e) {
                // Stores answer "not ready" while they start, restore or move; the next interval tries again.
                log.debug("no TensorBoard step {}: {}", step, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("no TensorBoard step {} this time: {}", step, e.toString());
            }
        }

        private void write(String model, Config.View view, long now, long step) {
            BucketRange range = BucketRange.last(view.millis(), now, config.bucketMs());
            ModelView v = local.view(model, range, Map.of());
            MatrixDocument doc = MatrixDocument.of(model, range.from(), range.to(), v.matrix(), Normalization.TRUE);
            EventFileWriter file = files.computeIfAbsent(model + "/" + view.name(),
                    k -> tf.eventWriter(logdir.resolve(model).resolve(view.name())));
            MatrixSummaries.write(file, step, doc, pageOptions(range, v));
        }

        /** The options the page's heatmap.png is drawn with (normalized by true class, window and label coverage). */
        private static HeatmapOptions pageOptions(BucketRange range, ModelView v) {
            String window = range.from() == null ? "whole history"
                    : Instant.ofEpochMilli(range.from()) + " .. " + Instant.ofEpochMilli(range.to());
            return HeatmapOptions.defaults().withNormalization(Normalization.TRUE)
                    .withSubtitle(window + " · label coverage " + Math.round(v.coverage() * 100) + "%");
        }

        void close() {
            files.values().forEach(EventFileWriter::close);
            files.clear();
        }
    }
}
