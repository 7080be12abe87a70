package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * A real RocksDB store, configured as Kafka Streams would (its ERROR log level, then the setter),
 * whose flushes cannot run: its memtables pile up until RocksDB stops its writes, and that warning
 * reaches {@link RocksDbWarnings} instead of being dropped.
 */
class RocksDbWarningsTest {
    @Test
    void aStoreThatStopsItsWritesIsCounted(@TempDir Path dir) {
        RocksDB.loadLibrary();
        String store = "stall-test-store";
        Map<String, Object> configs = new HashMap<>();
        BoundedRocksDbMemory.streamsProperties(64L << 20, store).forEach((k, v) -> configs.put((String) k, v));
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        long before = RocksDbWarnings.writeStallWarnings(store);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Options options = new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig())
                         .setInfoLogLevel(InfoLogLevel.ERROR_LEVEL)) {
                setter.setConfig(store, options, configs);
                options.setMaxWriteBufferNumber(2);
                try (RocksDB db = RocksDB.open(options, dir.toString());
                     WriteOptions noWal = new WriteOptions().setDisableWAL(true);
                     FlushOptions switchOnly = new FlushOptions().setWaitForFlush(false).setAllowWriteStall(true)) {
                    db.pauseBackgroundWork();
                    // Each flush request turns the memtable immutable; none is written out while paused.
                    for (int i = 0; i < 2; i++) {
                        db.put(noWal, ("k" + i).getBytes(), new byte[100]);
                        db.flush(switchOnly);
                    }
                    db.continueBackgroundWork();
                } finally {
                    setter.close(store, options);
                }
            }
        });
        assertThat(RocksDbWarnings.writeStallWarnings(store) - before).as("RocksDB's write-stall warnings for the store").isPositive();
    }

    @Test
    void theStoresOfOneNameLogOneLinePerQuietPeriodTogether() {
        RocksDB.loadLibrary();
        try (RocksDbWarnings partition0 = new RocksDbWarnings("quiet-test-store"); RocksDbWarnings partition1 = new RocksDbWarnings("quiet-test-store");
             RocksDbWarnings other = new RocksDbWarnings("quiet-test-other")) {
            assertThat(partition1.quiet).isSameAs(partition0.quiet).isNotSameAs(other.quiet);
        }
        RocksDbWarnings.Quiet quiet = new RocksDbWarnings.Quiet();
        long second = 1_000_000_000L;
        assertThat(quiet.admit(0)).as("the first line, nothing left out").isZero();
        assertThat(quiet.admit(second)).as("within the quiet period").isNegative();
        assertThat(quiet.admit(9 * second)).isNegative();
        assertThat(quiet.admit(10 * second)).as("the next line, with the two left out").isEqualTo(2);
        assertThat(quiet.admit(11 * second)).isNegative();
    }

    @Test
    void knowsRocksDbsWordsForAStall() {
        assertThat(RocksDbWarnings.isWriteStall("[/column_family.cc:1016] [default] Stopping writes because we have 3 immutable "
                + "memtables (waiting for flush), max_write_buffer_number is set to 3")).isTrue();
        assertThat(RocksDbWarnings.isWriteStall("[/column_family.cc:1073] [default] Stalling writes because we have 20 level-0 files "
                + "rate 16777216")).isTrue();
        assertThat(RocksDbWarnings.isWriteStall("[/db_impl/db_impl.cc:500] Shutdown: canceling all background work")).isFalse();
        // Logged at ERROR each time a store is created; the setter's test sees it on every run.
        assertThat(RocksDbWarnings.isFirstOpen("Error when reading /tmp/state/0_1/rocksdb/join-entries dir NotFound: ")).isTrue();
        assertThat(RocksDbWarnings.isFirstOpen("[/column_family.cc:1016] [default] Stopping writes because")).isFalse();
    }
}
