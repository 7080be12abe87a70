package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import io.confmon.topology.ConfmonTopology;
import io.confmon.topology.Listeners;
import io.confmon.view.MatrixReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The snapshots topic's records, through the real topology: the contract's fields, a flat
 * {@code cells} list equal to the matrix's non-zero cells, the SVG heatmap when asked for, and a
 * snapshot too large for the producer left out instead of failing the stream thread.
 */
class SnapshotWriterTest {
    private static final String[] CLASSES = {"cat", "dog", "fox"};
    /** Rows actual, columns predicted. */
    private static final int[][] COUNTS = {{5, 2, 0}, {1, 6, 0}, {0, 0, 3}};

    @Test
    void snapshotsCarryTheMatrixItsCellsAndTheHeatmap() throws Exception {
        List<TestRecord<String, String>> out = run(Map.of("snapshot.heatmap", "svg"));
        assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("pets|5m", "pets|1h");
        for (TestRecord<String, String> r : out) {
            JsonNode s = Json.MAPPER.readTree(r.value());
            assertThat(s.get("model").asText()).isEqualTo("pets");
            assertThat(r.key()).isEqualTo("pets|" + s.get("window").asText());
            assertThat(s.get("ts").asLong()).isEqualTo(r.timestamp());
            JsonNode counts = s.at("/matrix/counts");
            List<String> expected = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                int row = COUNTS[a][0] + COUNTS[a][1] + COUNTS[a][2];
                for (int p = 0; p < 3; p++) {
                    assertThat(counts.get(a).get(p).asDouble()).isEqualTo(COUNTS[a][p]);
                    if (COUNTS[a][p] != 0) expected.add(CLASSES[a] + ">" + CLASSES[p] + "=" + COUNTS[a][p] + "/" + (double) COUNTS[a][p] / row);
                }
            }
            List<String> cells = new ArrayList<>();
            s.get("cells").forEach(c -> cells.add(c.get("actual").asText() + ">" + c.get("predicted").asText() + "="
                    + c.get("count").asInt() + "/" + c.get("ratio").asDouble()));
            assertThat(cells).as("the non-zero cells").containsExactlyElementsOf(expected);
            assertThat(s.get("heatmap").asText()).contains("<svg").contains("data-actual='cat'");
        }
    }

    @Test
    void withoutHeatmapTheFieldIsAbsent() throws Exception {
        for (TestRecord<String, String> r : run(Map.of())) {
            assertThat(Json.MAPPER.readTree(r.value()).has("heatmap")).isFalse();
        }
    }

    @Test
    void aSnapshotLargerThanTheProducerMaySendIsLeftOut() throws Exception {
        // 20,000 bytes less the writer's 16 KiB headroom: far below one snapshot with its heatmap.
        assertThat(run(Map.of("snapshot.heatmap", "svg", "streams.producer.max.request.size", "20000"))).isEmpty();
    }

    @Test
    void avroSnapshotsAreRefusedNamingTheKey() {
        Config config = Config.load(null, Map.of(), Map.of("snapshot.format", "avro"));
        assertThatThrownBy(() -> SnapshotWriter.of(new MatrixReader(config.modelSettings(), config.classesMax()), config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("snapshot.format");
    }

    private static List<TestRecord<String, String>> run(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("views", "5m,1h", "snapshot.interval", "1m"));
        settings.putAll(extra);
        Config config = Config.load(null, Map.of(), settings);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "snapshot-writer");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("confmon-snapshots").toString());
        SnapshotWriter writer = SnapshotWriter.of(new MatrixReader(config.modelSettings(), config.classesMax()), config);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ConfmonTopology.build(Monitor.topologySettings(config), Listeners.NONE, writer), props)) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> labels = driver.createInputTopic("labels", new ByteArraySerializer(), new ByteArraySerializer());
            long ts = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis();
            int i = 0;
            for (int a = 0; a < 3; a++) {
                for (int p = 0; p < 3; p++) {
                    for (int k = 0; k < COUNTS[a][p]; k++, i++) {
                        predictions.pipeInput(null, bytes("{\"id\":\"r%d\",\"model\":\"pets\",\"ts\":%d,\"predicted\":\"%s\"}", i, ts, CLASSES[p]), ts);
                        labels.pipeInput(null, bytes("{\"id\":\"r%d\",\"ts\":%d,\"actual\":\"%s\"}", i, ts + 1000, CLASSES[a]), ts + 1000);
                    }
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1)); // the join's deltas flush to the buckets
            driver.advanceWallClockTime(Duration.ofMinutes(1)); // one snapshot interval
            return driver.createOutputTopic("confmon-snapshots", new StringDeserializer(), new StringDeserializer()).readRecordsToList();
        }
    }

    private static byte[] bytes(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args).getBytes(StandardCharsets.UTF_8);
    }
}
