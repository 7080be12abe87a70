package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.metrics.GaugeValues;
import io.confmon.metrics.MetricsSettings;
import io.confmon.topology.ConfmonTopology;
import io.confmon.topology.Listeners;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.Names;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The views moved through time bucket by bucket give, at every step, the very gauges a live
 * refresh at that clock reading gives (a fresh range read of the store per view, as
 * {@code LocalState} does): same values, same series, sliced and whole.
 */
class ReplayedViewsTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final long MIN = 60_000;
    private static final String[] CLASSES = {"cat", "dog", "bird"};

    private TopologyTestDriver driver;
    private Config config;

    @BeforeEach
    void replay() throws Exception {
        config = Config.load(null, Map.of(), Map.of("views", "5m,1h", "slice.keys", "region", "label.horizon", "1h",
                "retention", "30d", "metrics.cells.max.classes", "20"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "replayed-views");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("confmon-rv").toString());
        driver = new TopologyTestDriver(ConfmonTopology.build(Monitor.topologySettings(config), Listeners.NONE), props);
        TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        TestInputTopic<byte[], byte[]> labels = driver.createInputTopic("labels", new ByteArraySerializer(), new ByteArraySerializer());
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 1500; i++) {
            long ts = T0 + rng.nextLong(3 * 60 * MIN);
            String model = i % 5 == 0 ? "m2" : "m1";
            String region = rng.nextBoolean() ? "eu" : "us";
            predictions.pipeInput(null, json("{\"id\":\"r%d\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\",\"weight\":%s,\"slice\":{\"region\":\"%s\"}}",
                    i, model, ts, CLASSES[rng.nextInt(3)], 0.25 + rng.nextInt(8) * 0.5, region), ts);
            if (rng.nextInt(10) < 8) {
                labels.pipeInput(null, json("{\"id\":\"r%d\",\"ts\":%d,\"actual\":\"%s\"}", i, ts + rng.nextLong(20 * MIN), CLASSES[rng.nextInt(3)]), ts);
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void everyStepEqualsALiveRefreshAtThatMoment() {
        KeyValueStore<Bytes, byte[]> buckets = driver.getKeyValueStore(Names.BUCKET_STORE);
        MatrixReader reader = new MatrixReader(config.modelSettings(), config.classesMax());
        MetricsSettings settings = MetricsSettings.from(config).withRefreshEvery(Duration.ZERO);
        List<String> models = List.of("m1", "m2");
        GaugeValues live = new GaugeValues(new FreshReads(buckets, reader, models), settings);
        // Odd steps (90 s over 1 min buckets) and a range that starts before the data and ends after it.
        GaugeHistory.Steps steps = GaugeHistory.Steps.covering(T0 - 10 * MIN, T0 + 4 * 60 * MIN, 90_000);
        int compared = 0;
        try (ReplayedViews replayed = new ReplayedViews(buckets, reader, models, config.views(), config.bucketMs(), Map.of(), steps.first())) {
            GaugeValues history = new GaugeValues(replayed, settings);
            for (long t = steps.first(); t <= steps.last(); t += steps.stepMs()) {
                replayed.moveTo(t);
                List<GaugeValues.Sample> expected = live.at(t);
                assertThat(history.at(t)).as("gauges at %d", t).containsExactlyElementsOf(expected);
                compared += expected.size();
            }
        }
        assertThat(compared).as("samples compared").isGreaterThan(10_000);
    }

    /** What the live monitor's local state does: one range read of the store per view. */
    private record FreshReads(KeyValueStore<Bytes, byte[]> store, MatrixReader reader, List<String> models) implements ModelSource {
        @Override
        public Optional<ModelTotals> totals(String model) {
            return Optional.empty();
        }

        @Override
        public ModelView view(String model, BucketRange range, Map<String, String> slice) {
            return reader.read(store, model, range, slice);
        }

        @Override
        public Map<io.confmon.topology.Slice, ModelView> viewsBySlice(String model, BucketRange range) {
            return reader.readBySlice(store, model, range);
        }
    }

    private static byte[] json(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args).getBytes(StandardCharsets.UTF_8);
    }
}
