package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * A real RocksDB store configured by the setter, as Kafka Streams configures one: the files its
 * compaction makes obsolete are not deleted at once but go to trash, deleted in the background at
 * the paced rate, until none is left.
 */
class PacedSstDeletionTest {
    private static final int FILES = 8;
    private static final int VALUES_PER_FILE = 2048;
    private static final int VALUE_BYTES = 1024;

    @Test
    void aCompactionsObsoleteFilesAreDeletedPacedInTheBackground(@TempDir Path dir) throws Exception {
        RocksDB.loadLibrary();
        Map<String, Object> configs = new HashMap<>();
        BoundedRocksDbMemory.streamsProperties(64L << 20, "busiest").forEach((k, v) -> configs.put((String) k, v));
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        Path store = dir.resolve("store");
        try (Options o = new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
             WriteOptions noWal = new WriteOptions().setDisableWAL(true);
             FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            setter.setConfig("store", o, configs);
            o.setDisableAutoCompactions(true);
            try (RocksDB db = RocksDB.open(o, store.toString())) {
                Random random = new Random(3);
                byte[] value = new byte[VALUE_BYTES];
                // Each file rewrites the same keys, so a full compaction leaves one file and makes the others obsolete.
                for (int f = 0; f < FILES; f++) {
                    for (int i = 0; i < VALUES_PER_FILE; i++) {
                        random.nextBytes(value);
                        db.put(noWal, ("key-" + i).getBytes(), value);
                    }
                    db.flush(flush);
                }
                long obsolete = (long) (FILES - 1) * VALUES_PER_FILE * VALUE_BYTES;
                assertThat(sstBytes(store)).as("the store's files before compacting").isGreaterThan(obsolete);

                db.compactRange();

                // At 32 MiB/s, 14 MiB of obsolete files take about 0.4 s; only the first goes at once.
                assertThat(trashFiles(store)).as("*.trash files right after the compaction").isPositive();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (trashFiles(store) > 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(trashFiles(store)).as("*.trash files 10 s later").isZero();
                assertThat(sstBytes(store)).as("the store's files after the deletions").isLessThan(2L * VALUES_PER_FILE * VALUE_BYTES);
            } finally {
                setter.close("store", o);
            }
        }
    }

    private static long trashFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".trash")).count();
        }
    }

    private static long sstBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sst")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
