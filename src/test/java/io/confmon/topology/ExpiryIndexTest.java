package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The expiry index in batches: each filing is handed out once, by the first scan it is due at, whatever batch holds it. */
class ExpiryIndexTest {
    private static final long SLOT = 1_000;

    private KeyValueStore<Bytes, byte[]> store;
    private ExpiryIndex index;

    @BeforeEach
    void open() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("expiry"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        index = new ExpiryIndex(store, SLOT, UpgradeFrom.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCommitsFilingsTakeAFewEntriesAndEachIsHandedOutOnceWhenDue() {
        Map<String, Long> filed = new TreeMap<>();
        for (int i = 0; i < 2_500; i++) {
            long at = 10_000 + (i * 7L) % 3_000; // three slots, out of order
            filed.put("id-" + i, at);
            index.file(at, "id-" + i);
        }
        index.write();
        // Per slot, batches of at most MAX_BATCH ids: 2,500 ids over three slots make three entries.
        assertThat(keys()).hasSize(3).allMatch(ExpiryBatch::isBatchKey);

        Map<String, Long> handedOut = new TreeMap<>();
        for (long streamTime = 9_000; streamTime <= 14_000; streamTime += 250) {
            for (ExpiryKey f : index.takeDue(streamTime, Integer.MAX_VALUE)) {
                assertThat(f.at()).as(f.id()).isLessThan(streamTime);
                assertThat(handedOut.put(f.id(), f.at())).as("handed out twice: " + f.id()).isNull();
                assertThat(streamTime - f.at()).as("handed out at the first scan after its time").isLessThanOrEqualTo(250);
            }
        }
        assertThat(handedOut).isEqualTo(filed);
        index.write();
        assertThat(keys()).isEmpty();
    }

    @Test
    void aSlotOfMoreThanOneBatchIsSplit() {
        for (int i = 0; i < ExpiryIndex.MAX_BATCH * 2 + 1; i++) index.file(5_000 + i % 100, "id-" + i);
        index.write();
        assertThat(keys()).hasSize(3);
        assertThat(index.takeDue(6_000, Integer.MAX_VALUE)).hasSize(ExpiryIndex.MAX_BATCH * 2 + 1);
    }

    @Test
    void aBatchWithTheKeyOfAnEarlierOneKeepsBoth() {
        index.file(5_000, "a");
        index.file(5_001, "b");
        index.write();
        index.file(5_000, "a");
        index.file(5_002, "c");
        index.write();
        assertThat(keys()).hasSize(1);
        assertThat(index.takeDue(6_000, Integer.MAX_VALUE)).containsExactlyInAnyOrder(
                new ExpiryKey(5_000, "a"), new ExpiryKey(5_001, "b"), new ExpiryKey(5_000, "a"), new ExpiryKey(5_002, "c"));
    }

    @Test
    void filingsInMemoryAreSeenByTheNextScan() {
        index.file(5_000, "a");
        assertThat(index.takeDue(5_001, 10)).containsExactly(new ExpiryKey(5_000, "a"));
    }

    @Test
    void keysOfEarlierVersionsAreStillHandedOutAndDeleted() {
        store.put(new ExpiryKey(4_000, "v1").toBytes(), new byte[0]);
        store.put(ExpiryKey.legacyBytes(4_500, "zero-point-one"), new byte[0]);
        index.file(4_800, "v4");
        assertThat(index.takeDue(5_000, Integer.MAX_VALUE)).containsExactlyInAnyOrder(
                new ExpiryKey(4_000, "v1"), new ExpiryKey(4_500, "zero-point-one"), new ExpiryKey(4_800, "v4"));
        assertThat(keys()).isEmpty();
    }

    @Test
    void underUpgradeFromZeroPointOneEachFilingIsZeroPointOnesKey() {
        ExpiryIndex legacy = new ExpiryIndex(store, SLOT, UpgradeFrom.V0_1);
        legacy.file(4_000, "id");
        assertThat(keys()).containsExactly(ExpiryKey.legacyBytes(4_000, "id"));
    }

    @Test
    void namesAreData() {
        List<String> awkward = List.of("", "a|b", "\u0000", "\uD800", "ü,=:", "x".repeat(300));
        for (String id : awkward) index.file(7_000, id);
        index.write();
        List<String> out = new ArrayList<>();
        for (ExpiryKey f : index.takeDue(8_000, Integer.MAX_VALUE)) out.add(f.id());
        assertThat(out).containsExactlyInAnyOrderElementsOf(awkward);
    }

    private List<Bytes> keys() {
        List<Bytes> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add(kv.key);
            }
        }
        return out;
    }
}
