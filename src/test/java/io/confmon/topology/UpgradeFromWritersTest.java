package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code upgrade.from=0.1} writes exactly what confmon 0.1.0 wrote: the scenario's first half, run
 * through this version under the setting, gives byte for byte the repartition records and the
 * state store entries (keys and values) that 0.1.0's own code wrote for the same input (fixtures in
 * src/test/resources/upgrade/0.1.0, made by 0.1.0, see the README there). So a 0.1.0 instance of
 * the same application reads what this one writes and restores its changelogs, during the first
 * bounce of a rolling upgrade.
 */
class UpgradeFromWritersTest {
    private static final ModelSettings MODELS = new ModelSettings(Map.of(), Map.of(), Set.of("region", "device"), 0.5);
    private static final HexFormat HEX = HexFormat.of();
    /** 0.1.0's generator flushed once, after the 14th event of the first half (its by-model records carry that stream time). */
    private static final int FLUSHED_AFTER = 14;

    @Test
    void repartitionRecordsAndStoreEntriesAreTheBytesZeroPointOneWrote() {
        try (TopologyHarness t = new TopologyHarness(MODELS, UpgradeFrom.V0_1)) {
            TestOutputTopic<byte[], byte[]> byId = t.driver.createOutputTopic("test-" + Names.BY_ID + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> byModel = t.driver.createOutputTopic("test-" + Names.BY_MODEL + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<String[]> events = UpgradeFromZeroPointOneTest.events("first-half.events");
            UpgradeFromZeroPointOneTest.pipe(t, events.subList(0, FLUSHED_AFTER));
            t.flush();
            UpgradeFromZeroPointOneTest.pipe(t, events.subList(FLUSHED_AFTER, events.size()));

            assertThat(records(byId.readRecordsToList())).isEqualTo(fixtureRecords("by-id-repartition.records"));
            List<TestRecord<byte[], byte[]>> batches = byModel.readRecordsToList();
            assertThat(records(batches)).isEqualTo(fixtureRecords("by-model-repartition.records"));
            // 0.1.0 sent no format header; the current code reads a record without one as 0.1.0's.
            batches.forEach(r -> assertThat(r.headers().lastHeader(DeltaBatch.FORMAT_HEADER)).isNull());

            for (String store : List.of(Names.JOIN_STORE, Names.EXPIRY_STORE, Names.DELTA_STORE, Names.BUCKET_STORE, Names.TOTALS_STORE)) {
                assertThat(entries(t, store)).as(store).isEqualTo(new TreeSet<>(UpgradeFromZeroPointOneTest.lines("stores/" + store + ".kv")));
            }
        }
    }

    @Test
    void withoutTheSettingTheCurrentLayoutsAreWritten() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            List<String[]> events = UpgradeFromZeroPointOneTest.events("first-half.events");
            UpgradeFromZeroPointOneTest.pipe(t, events);
            t.flush();
            String v1 = Integer.toHexString(Formats.V1);
            // Values that carry the expected matrix are v2 (join entries, bucket cells); expiry batches v4; the rest v1.
            Map<String, String> valueVersion = Map.of(Names.JOIN_STORE, Integer.toHexString(Formats.V2),
                    Names.BUCKET_STORE, Integer.toHexString(Formats.V2), Names.TOTALS_STORE, v1,
                    Names.EXPIRY_STORE, Integer.toHexString(Formats.V4));
            for (String store : List.of(Names.JOIN_STORE, Names.EXPIRY_STORE, Names.BUCKET_STORE, Names.TOTALS_STORE)) {
                Set<String> entries = entries(t, store);
                assertThat(entries).as(store).isNotEmpty();
                for (String entry : entries) {
                    String[] kv = entry.split(" ", -1);
                    // String keys (join, totals) are ids and model names; every other key and every value carries the version.
                    // The expiry index files a commit's ids in v4 batches.
                    String keyVersion = store.equals(Names.EXPIRY_STORE) ? Integer.toHexString(Formats.V4) : v1;
                    if (!store.equals(Names.JOIN_STORE) && !store.equals(Names.TOTALS_STORE)) assertThat(kv[0]).as(store).startsWith(keyVersion);
                    assertThat(kv[1]).as(store).startsWith(valueVersion.get(store));
                }
            }
        }
    }

    private static List<String> records(List<TestRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : records) {
            out.add(HEX.formatHex(r.key()) + " " + HEX.formatHex(r.value()) + " " + r.timestamp());
        }
        return out;
    }

    /** key, value and timestamp of each fixture record (the fourth field is what 0.1.0 read from it). */
    private static List<String> fixtureRecords(String file) {
        List<String> out = new ArrayList<>();
        for (String line : UpgradeFromZeroPointOneTest.lines(file)) {
            String[] f = line.split(" ", 4);
            out.add(f[0] + " " + f[1] + " " + f[2]);
        }
        return out;
    }

    /** A store's entries as the fixtures write them: key and value in hex (String keys as their UTF-8 bytes). */
    private static Set<String> entries(TopologyHarness t, String name) {
        Set<String> out = new TreeSet<>();
        KeyValueStore<Object, byte[]> store = t.driver.getKeyValueStore(name);
        try (KeyValueIterator<Object, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Object, byte[]> kv = it.next();
                byte[] key = kv.key instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : ((Bytes) kv.key).get();
                out.add(HEX.formatHex(key) + " " + HEX.formatHex(kv.value));
            }
        }
        return out;
    }
}
