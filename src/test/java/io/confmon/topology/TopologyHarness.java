package io.confmon.topology;

import io.confmon.event.ModelSettings;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** One TopologyTestDriver over the confmon topology, with helpers to send events and read matrices. */
final class TopologyHarness implements AutoCloseable {
    static final long T0 = 1_763_800_000_000L;
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;

    final TopologySettings settings;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> predictions;
    final TestInputTopic<byte[], byte[]> labels;
    final TestOutputTopic<byte[], byte[]> dlq;

    TopologyHarness() {
        this(ModelSettings.OPEN);
    }

    TopologyHarness(ModelSettings models) {
        this(models, UpgradeFrom.NONE);
    }

    TopologyHarness(ModelSettings models, UpgradeFrom upgradeFrom) {
        this(models, upgradeFrom, upgradeFrom == UpgradeFrom.NONE && !"false".equals(System.getProperty(DIRECT_PROPERTY))
                ? DirectJoin.over(1) : DirectJoin.OFF);
    }

    /**
     * The topology tests run with the direct join, as a new application does (the driver has one
     * partition per topic, so every valid event takes it); {@code -Dconfmon.test.joinDirect=false}
     * runs them all through by-id, as the build does once more (pom.xml, execution
     * {@code topology-by-id}). A rolling upgrade from 0.1 cannot join directly, so those harnesses
     * stay by id.
     */
    static final String DIRECT_PROPERTY = "confmon.test.joinDirect";

    TopologyHarness(ModelSettings models, UpgradeFrom upgradeFrom, DirectJoin direct) {
        settings = new TopologySettings("predictions", "labels", "confmon-dlq", "confmon-snapshots", MIN, 48 * HOUR, HOUR,
                Duration.ofMillis(100), Duration.ofMinutes(1), models, upgradeFrom, direct);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("confmon-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(ConfmonTopology.build(settings, Listeners.NONE), props);
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic("labels", new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic("confmon-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void predict(String id, String model, long ts, Object predicted) {
        predictions.pipeInput(null, json("{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":%s}", id, model, ts, quote(predicted)), ts);
    }

    void predict(String id, String model, long ts, Object predicted, double weight) {
        predictions.pipeInput(null, json("{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":%s,\"weight\":%s}",
                id, model, ts, quote(predicted), weight), ts);
    }

    void label(String id, String model, long ts, Object actual) {
        String m = model == null ? "" : ",\"model\":\"" + model + "\"";
        labels.pipeInput(null, json("{\"id\":\"%s\"%s,\"ts\":%d,\"actual\":%s}", id, m, ts, quote(actual)), ts);
    }

    /** A prediction sent with {@code recordTs} as the record's timestamp, whatever its event time. */
    void predictAt(long recordTs, String id, String model, long ts, Object predicted) {
        predictions.pipeInput(null, json("{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":%s}", id, model, ts, quote(predicted)), recordTs);
    }

    /** A label sent with {@code recordTs} as the record's timestamp, whatever its event time. */
    void labelAt(long recordTs, String id, String model, long ts, Object actual) {
        labels.pipeInput(null, json("{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"actual\":%s}", id, model, ts, quote(actual)), recordTs);
    }

    void rawPrediction(byte[] key, byte[] value, long ts) {
        predictions.pipeInput(new TestRecord<>(key, value, null, ts));
    }

    void rawLabel(byte[] key, byte[] value, long ts) {
        labels.pipeInput(new TestRecord<>(key, value, null, ts));
    }

    /** Moves stream time (a record far ahead of the others, for a model nobody asks about) and flushes. */
    void advanceStreamTimeTo(long ts) {
        predictions.pipeInput(null, json("{\"id\":\"clock-%d\",\"model\":\"clock\",\"ts\":%d,\"predicted\":\"x\"}", ts, ts), ts);
        flush();
    }

    void flush() {
        driver.advanceWallClockTime(Duration.ofMillis(200));
    }

    KeyValueStore<Bytes, byte[]> buckets() {
        return driver.getKeyValueStore(Names.BUCKET_STORE);
    }

    ModelView view(String model) {
        flush();
        return new MatrixReader(settings.models(), 200).read(buckets(), model, BucketRange.ALL, Map.of());
    }

    ConfusionMatrix matrix(String model) {
        return view(model).matrix();
    }

    ModelTotals totals(String model) {
        flush();
        KeyValueStore<String, byte[]> totals = driver.getKeyValueStore(Names.TOTALS_STORE);
        return ModelTotals.decode(totals.get(model));
    }

    /** Every bucket of the store as hex, keyed by key, for byte-for-byte comparisons. */
    Map<String, String> bucketBytes() {
        flush();
        Map<String, String> all = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = buckets().all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                all.put(kv.key.toString(), Bytes.wrap(kv.value).toString());
            }
        }
        return all;
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    static byte[] json(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
