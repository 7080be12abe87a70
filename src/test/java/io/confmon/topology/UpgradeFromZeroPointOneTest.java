package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.ModelSettings;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Upgrade in place: state stores and repartition records written by confmon 0.1.0 (fixtures in
 * src/test/resources/upgrade/0.1.0, made by 0.1.0's own code, see the README there) are read by
 * this version, and processing goes on from them to exactly what 0.1.0 itself read after the
 * scenario's second half.
 */
class UpgradeFromZeroPointOneTest {
    private static final ModelSettings MODELS = new ModelSettings(Map.of(), Map.of(), Set.of("region", "device"), 0.5);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void stateStoresOfZeroPointOneAreReadAndProcessingContinuesExactly() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            loadStores(t);
            assertThat(readAll(t)).as("0.1.0 state read as 0.1.0 read it").isEqualTo(fixtureLines("read-after-first-half.txt"));
            // The views read 0.1.0 bucket keys too (before the bucket task rewrites them).
            assertThat(t.buckets().get(new BucketKey("fashion", 1763799960000L, Slice.of(Map.of("region", "eu-west"))).toBytes())).isNull();
            assertThat(new MatrixReader(MODELS, 200).read(t.buckets(), "fashion", BucketRange.ALL, Map.of("region", "eu-west"))
                    .predictions()).isEqualTo(1);

            pipe(t, events("second-half.events"));
            t.flush();
            assertThat(readAll(t)).isEqualTo(fixtureLines("read-after-second-half.txt"));
            assertThat(legacyKeys(t.driver.getKeyValueStore(Names.BUCKET_STORE))).as("0.1.0 bucket keys left").isEmpty();
            assertThat(legacyKeys(t.driver.getKeyValueStore(Names.EXPIRY_STORE))).as("0.1.0 expiry keys left").isEmpty();
            assertThat(count(t.driver.getKeyValueStore(Names.DELTA_STORE))).as("delta entries left after a flush").isZero();
        }
    }

    @Test
    void byIdRepartitionRecordsOfZeroPointOneAreJoined() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            TestInputTopic<byte[], byte[]> byId = t.driver.createInputTopic("test-" + Names.BY_ID + "-repartition",
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (String[] r : records("by-id-repartition.records")) {
                byId.pipeInput(new TestRecord<>(HEX.parseHex(r[0]), HEX.parseHex(r[1]), new RecordHeaders(), Long.parseLong(r[2])));
            }
            pipe(t, events("second-half.events"));
            t.flush();
            assertThat(readAll(t)).isEqualTo(fixtureLines("read-after-second-half.txt"));
        }
    }

    @Test
    void byModelRepartitionRecordsOfZeroPointOneAreAddedIntoBuckets() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            TestInputTopic<byte[], byte[]> byModel = t.driver.createInputTopic("test-" + Names.BY_MODEL + "-repartition",
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (String[] r : records("by-model-repartition.records")) {
                byModel.pipeInput(new TestRecord<>(HEX.parseHex(r[0]), HEX.parseHex(r[1]), new RecordHeaders(), Long.parseLong(r[2])));
            }
            // 0.1.0's reads after the first half came from its only flush, which sent exactly these batches.
            assertThat(readAll(t)).isEqualTo(fixtureLines("read-after-first-half.txt"));
        }
    }

    @Test
    void repartitionRecordsDecodeAsZeroPointOneDecodedThem() {
        for (String[] r : records("by-id-repartition.records")) {
            String id = new String(HEX.parseHex(r[0]), StandardCharsets.UTF_8);
            // 0.1.0's Prediction had no probabilities (this one's field is null for its records).
            assertThat(InternalEvent.decode(id, HEX.parseHex(r[1])).toString().replace(", expected=null]", "]")).isEqualTo(r[3]);
        }
        for (String[] r : records("by-model-repartition.records")) {
            assertThat(describe(DeltaBatch.decode(HEX.parseHex(r[1]), new RecordHeaders()))).isEqualTo(r[3]);
        }
    }

    private static void loadStores(TopologyHarness t) {
        for (String name : List.of(Names.JOIN_STORE, Names.EXPIRY_STORE, Names.DELTA_STORE, Names.BUCKET_STORE, Names.TOTALS_STORE)) {
            boolean stringKeys = name.equals(Names.JOIN_STORE) || name.equals(Names.TOTALS_STORE);
            KeyValueStore<Object, byte[]> store = t.driver.getKeyValueStore(name);
            for (String line : lines("stores/" + name + ".kv")) {
                String[] kv = line.split(" ", -1);
                byte[] key = HEX.parseHex(kv[0]);
                store.put(stringKeys ? new String(key, StandardCharsets.UTF_8) : Bytes.wrap(key), HEX.parseHex(kv[1]));
            }
        }
    }

    /** What the stores hold, in the fixtures' layout-free text (as 0.1.0's generator wrote it). */
    private static Set<String> readAll(TopologyHarness t) {
        Set<String> out = new TreeSet<>();
        KeyValueStore<String, byte[]> totals = t.driver.getKeyValueStore(Names.TOTALS_STORE);
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                ModelTotals m = ModelTotals.decode(kv.value);
                StringBuilder b = new StringBuilder("totals [" + kv.key + "]");
                for (PipelineCounter c : PipelineCounter.LEGACY_ORDER) b.append(' ').append(c.label()).append('=').append(m.get(c));
                out.add(b.toString());
            }
        }
        try (KeyValueIterator<Bytes, byte[]> it = t.buckets().all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                BucketKey key = BucketKey.parse(kv.key);
                out.add("bucket [" + key.model() + "] " + key.bucket() + " " + key.slice() + " "
                        + cells(BucketCells.decode(kv.value, key.legacy())));
            }
        }
        return out;
    }

    private static String describe(DeltaBatch batch) {
        StringBuilder b = new StringBuilder("counters");
        for (PipelineCounter c : PipelineCounter.LEGACY_ORDER) b.append(' ').append(c.label()).append('=').append(batch.counter(c));
        batch.buckets().forEach((k, cells) -> b.append(" | ").append(k.bucket()).append(' ').append(k.slice()).append(' ').append(cells(cells)));
        return b.toString();
    }

    private static String cells(BucketCells cells) {
        StringBuilder b = new StringBuilder("predictions=" + cells.predictions());
        cells.forEach((a, p, units, pairs) -> b.append(" [").append(a).append("]->[").append(p).append("] ").append(units).append('/').append(pairs));
        return b.toString();
    }

    private static List<String> legacyKeys(KeyValueStore<Bytes, byte[]> store) {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                Bytes k = it.next().key;
                // Every version byte is 0xF5 or above; 0.1.0's keys began with a time or UTF-8 (lead bytes up to 0xF4).
                if ((k.get()[0] & 0xFF) < Formats.V1) out.add(k.toString());
            }
        }
        return out;
    }

    private static int count(KeyValueStore<Bytes, byte[]> store) {
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    static void pipe(TopologyHarness t, List<String[]> events) {
        for (String[] e : events) {
            byte[] value = e[2].getBytes(StandardCharsets.UTF_8);
            long ts = Long.parseLong(e[1]);
            if (e[0].equals("predictions")) t.rawPrediction(null, value, ts);
            else t.rawLabel(null, value, ts);
        }
    }

    static List<String[]> events(String file) {
        return lines(file).stream().map(l -> l.split("\t", 3)).toList();
    }

    private static List<String[]> records(String file) {
        return lines(file).stream().map(l -> l.split(" ", 4)).toList();
    }

    private static Set<String> fixtureLines(String file) {
        return new TreeSet<>(lines(file));
    }

    static List<String> lines(String file) {
        try {
            Path p = Path.of(UpgradeFromZeroPointOneTest.class.getResource("/upgrade/0.1.0/" + file).toURI());
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
