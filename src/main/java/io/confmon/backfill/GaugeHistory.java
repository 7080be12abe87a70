package io.confmon.backfill;

import io.confmon.app.Config;
import io.confmon.metrics.GaugeValues;
import io.confmon.metrics.MetricsSettings;
import io.confmon.view.MatrixReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The gauges the live monitor would have exported at every step of a range, read from a replay's
 * buckets: at each step every view is moved to what it covered then and the metrics package turns
 * it into series, exactly as a live refresh at that clock reading does.
 */
public final class GaugeHistory {
    /** The steps of a history: {@code first}, {@code first + step}, ... up to {@code last}. */
    public record Steps(long first, long last, long stepMs) {
        public Steps {
            if (stepMs <= 0) throw new IllegalArgumentException("the step must be positive");
        }

        /** Steps on multiples of {@code stepMs} from {@code from} (rounded up) to {@code to} (inclusive). */
        public static Steps covering(long from, long to, long stepMs) {
            return new Steps(Math.floorDiv(from + stepMs - 1, stepMs) * stepMs, to, stepMs);
        }

        public long count() {
            return last < first ? 0 : (last - first) / stepMs + 1;
        }
    }

    private GaugeHistory() {}

    /** Writes the history as OpenMetrics to {@code file} (whole or not at all); returns the samples written. */
    public static long writeOpenMetrics(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, List<String> models, Config config,
                                        Map<String, ClassRenames> renames, MatrixReader reader, Steps steps, Path file)
            throws IOException {
        Path tmp = OutputFiles.temporary(file);
        Path spool = Files.createTempDirectory(tmp.getParent(), ".openmetrics-spool");
        MetricsSettings settings = MetricsSettings.from(config).withRefreshEvery(Duration.ZERO);
        try (ReplayedViews views = new ReplayedViews(buckets, reader, models, config.views(), config.bucketMs(), renames, steps.first());
             OpenMetricsWriter writer = new OpenMetricsWriter(spool)) {
            GaugeValues gauges = new GaugeValues(views, settings);
            for (long t = steps.first(); t <= steps.last(); t += steps.stepMs()) {
                views.moveTo(t);
                writer.add(t, gauges.at(t));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.finish(out);
            }
            OutputFiles.commit(tmp, file);
            return writer.samples();
        } finally {
            Files.deleteIfExists(tmp);
            try (Stream<Path> left = Files.walk(spool)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
