package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.HOUR;
import static io.confmon.topology.TopologyHarness.MIN;
import static io.confmon.topology.TopologyHarness.T0;

import io.confmon.event.ModelSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Run ONCE on the 0.1.0 code (commit 637cc94) to write src/test/resources/upgrade/0.1.0: the
 * state stores and repartition records 0.1.0 writes for a scenario's first half, the second
 * half's events, and what 0.1.0 reads after each half. Kept in git history only: after the format
 * change it would no longer write 0.1.0 bytes.
 * <pre>mvn -o -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.confmon.topology.UpgradeFixtureGenerator</pre>
 */
public final class UpgradeFixtureGenerator {
    static final ModelSettings MODELS = new ModelSettings(Map.of(), Map.of(), Set.of("region", "device"), 0.5);
    private static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/upgrade/0.1.0");
        Files.createDirectories(dir.resolve("stores"));
        List<String[]> e1 = firstHalf();
        List<String[]> e2 = secondHalf();
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            TestOutputTopic<byte[], byte[]> byId = t.driver.createOutputTopic("test-" + Names.BY_ID + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> byModel = t.driver.createOutputTopic("test-" + Names.BY_MODEL + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            pipe(t, e1.subList(0, e1.size() - 3));
            t.flush();
            // The last events stay in the delta buffer: 0.1.0 delta entries are part of the state.
            pipe(t, e1.subList(e1.size() - 3, e1.size()));
            for (String store : List.of(Names.JOIN_STORE, Names.EXPIRY_STORE, Names.DELTA_STORE, Names.BUCKET_STORE, Names.TOTALS_STORE)) {
                Files.write(dir.resolve("stores/" + store + ".kv"), dumpStore(t, store));
            }
            List<String> idRecords = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : byId.readRecordsToList()) {
                String id = new String(r.key(), StandardCharsets.UTF_8);
                idRecords.add(HEX.formatHex(r.key()) + " " + HEX.formatHex(r.value()) + " " + r.timestamp() + " "
                        + InternalEvent.decode(id, r.value()));
            }
            Files.write(dir.resolve("by-id-repartition.records"), idRecords);
            List<String> modelRecords = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : byModel.readRecordsToList()) {
                modelRecords.add(HEX.formatHex(r.key()) + " " + HEX.formatHex(r.value()) + " " + r.timestamp() + " "
                        + describe(DeltaBatch.decode(r.value())));
            }
            Files.write(dir.resolve("by-model-repartition.records"), modelRecords);
            Files.write(dir.resolve("read-after-first-half.txt"), readAll(t));
            pipe(t, e2);
            t.flush();
            Files.write(dir.resolve("read-after-second-half.txt"), readAll(t));
        }
        Files.write(dir.resolve("first-half.events"), lines(e1));
        Files.write(dir.resolve("second-half.events"), lines(e2));
    }

    /** topic, ts, JSON */
    private static List<String[]> firstHalf() {
        List<String[]> e = new ArrayList<>();
        e.add(p(0, "{\"id\":\"a1\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Shirt\",\"slice\":{\"region\":\"eu-west\"}}"));
        e.add(l(5, "{\"id\":\"a1\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Coat\"}"));
        e.add(p(1, "{\"id\":\"a2\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Coat\",\"weight\":2.5,\"slice\":{\"region\":\"z\u00fcrich\",\"device\":\"phone\"}}"));
        e.add(l(2, "{\"id\":\"a2\",\"ts\":%d,\"actual\":\"Coat\"}"));
        e.add(p(1, "{\"id\":\"a2\",\"model\":\"mod\u00e8le \u00fc\",\"ts\":%d,\"predicted\":3}"));
        e.add(p(3, "{\"id\":\"a3\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Bag\"}"));
        e.add(p(4, "{\"id\":\"a3\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Bag\"}"));
        e.add(l(9, "{\"id\":\"a4\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Shirt\"}"));
        e.add(p(6, "{\"id\":\"a5\",\"model\":\"mod\u00e8le \u00fc\",\"ts\":%d,\"predicted\":1}"));
        e.add(l(7, "{\"id\":\"a5\",\"model\":\"mod\u00e8le \u00fc\",\"ts\":%d,\"actual\":[0.1,0.9]}"));
        // Never labelled (expires in the second half), and a label that never finds its prediction.
        e.add(p(2, "{\"id\":\"a8\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Shirt\"}"));
        e.add(l(3, "{\"id\":\"a9\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Coat\"}"));
        e.add(new String[] {"predictions", Long.toString(T0 + 8 * MIN), "{\"model\":\"fashion\",\"id\":"});
        e.add(p(8, "{\"id\":\"a6\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Coat\",\"slice\":{\"device\":\"tablet\"}}"));
        // Left in the delta buffer: a correction, a new pending prediction, a join.
        e.add(l(10, "{\"id\":\"a1\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Shirt\"}"));
        e.add(p(11, "{\"id\":\"a7\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Shirt\",\"slice\":{\"region\":\"eu-west\"}}"));
        e.add(l(12, "{\"id\":\"a6\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Bag\"}"));
        return e;
    }

    private static List<String[]> secondHalf() {
        List<String[]> e = new ArrayList<>();
        e.add(l(20, "{\"id\":\"a3\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Bag\"}"));
        e.add(p(8, "{\"id\":\"a4\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Coat\",\"slice\":{\"region\":\"eu-west\"}}"));
        e.add(l(21, "{\"id\":\"a7\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Coat\",\"weight\":0.5}"));
        e.add(l(22, "{\"id\":\"a5\",\"model\":\"mod\u00e8le \u00fc\",\"ts\":%d,\"actual\":0}"));
        e.add(p(23, "{\"id\":\"b1\",\"model\":\"fashion\",\"ts\":%d,\"predicted\":\"Bag\",\"slice\":{\"region\":\"eu-west\"}}"));
        e.add(l(24, "{\"id\":\"b1\",\"model\":\"fashion\",\"ts\":%d,\"actual\":\"Bag\"}"));
        // Far ahead, for a model nobody reads: everything pending above expires.
        e.add(p(5 * 60, "{\"id\":\"clock\",\"model\":\"clock\",\"ts\":%d,\"predicted\":\"x\"}"));
        return e;
    }

    private static String[] p(long minutes, String json) {
        return new String[] {"predictions", Long.toString(T0 + minutes * MIN), String.format(json, T0 + minutes * MIN)};
    }

    private static String[] l(long minutes, String json) {
        return new String[] {"labels", Long.toString(T0 + minutes * MIN), String.format(json, T0 + minutes * MIN)};
    }

    static void pipe(TopologyHarness t, List<String[]> events) {
        for (String[] e : events) {
            byte[] value = e[2].getBytes(StandardCharsets.UTF_8);
            long ts = Long.parseLong(e[1]);
            if (e[0].equals("predictions")) t.rawPrediction(null, value, ts);
            else t.rawLabel(null, value, ts);
        }
    }

    private static List<String> lines(List<String[]> events) {
        List<String> out = new ArrayList<>();
        for (String[] e : events) out.add(String.join("\t", e));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> dumpStore(TopologyHarness t, String name) {
        List<String> out = new ArrayList<>();
        KeyValueStore<Object, byte[]> store = t.driver.getKeyValueStore(name);
        try (KeyValueIterator<Object, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Object, byte[]> kv = it.next();
                byte[] key = kv.key instanceof Bytes b ? b.get() : ((String) kv.key).getBytes(StandardCharsets.UTF_8);
                out.add(HEX.formatHex(key) + " " + HEX.formatHex(kv.value));
            }
        }
        return out;
    }

    /** What the views read, in a form that does not depend on the stored layout. */
    private static List<String> readAll(TopologyHarness t) {
        List<String> out = new ArrayList<>();
        KeyValueStore<String, byte[]> totals = t.driver.getKeyValueStore(Names.TOTALS_STORE);
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                ModelTotals m = ModelTotals.decode(kv.value);
                StringBuilder b = new StringBuilder("totals [" + kv.key + "]");
                for (PipelineCounter c : PipelineCounter.values()) b.append(' ').append(c.label()).append('=').append(m.get(c));
                out.add(b.toString());
            }
        }
        try (KeyValueIterator<Bytes, byte[]> it = t.buckets().all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add("bucket [" + BucketKeys.modelOf(kv.key) + "] " + BucketKeys.bucketOf(kv.key) + " "
                        + sliceMap(BucketKeys.sliceOf(kv.key)) + " " + cells(BucketCells.decode(kv.value)));
            }
        }
        return out;
    }

    static String describe(DeltaBatch batch) {
        StringBuilder b = new StringBuilder("counters");
        for (PipelineCounter c : PipelineCounter.values()) b.append(' ').append(c.label()).append('=').append(batch.counter(c));
        batch.buckets().forEach((k, cells) -> b.append(" | ").append(k.bucket()).append(' ').append(sliceMap(k.slice()))
                .append(' ').append(cells(cells)));
        return b.toString();
    }

    static String cells(BucketCells cells) {
        StringBuilder b = new StringBuilder("predictions=" + cells.predictions());
        cells.forEach((a, p, units, pairs) -> b.append(" [").append(a).append("]->[").append(p).append("] ")
                .append(units).append('/').append(pairs));
        return b.toString();
    }

    private static Map<String, String> sliceMap(String slice) {
        Map<String, String> m = new TreeMap<>();
        if (slice.isEmpty()) return m;
        for (String kv : slice.split(",")) m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return m;
    }
}
