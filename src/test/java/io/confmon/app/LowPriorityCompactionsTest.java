package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * A real RocksDB store configured by confmon's setter, as Kafka Streams configures each store:
 * the thread that runs its compaction has the lowest CPU priority (read from {@code /proc}).
 */
class LowPriorityCompactionsTest {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final int LOWEST = 19;

    @Test
    void aStoreConfiguredByConfmonCompactsOnALowestPriorityThread(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TASKS), "thread priorities are read from /proc (Linux only)");
        RocksDB.loadLibrary();
        Map<String, Object> configs = new HashMap<>();
        BoundedRocksDbMemory.streamsProperties(8L << 20).forEach((k, v) -> configs.put((String) k, v));
        try (Options options = new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
             FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            new BoundedRocksDbMemory().setConfig("store", options, configs);
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                // Two overlapping files, so that compacting them is real work for the compaction pool.
                for (int file = 0; file < 2; file++) {
                    for (int i = 0; i < 1000; i++) db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
                    db.flush(wait);
                }
                db.compactRange();
            }
        }
        assertThat(niceOfThreadsNamed("rocksdb:low")).as("nice of RocksDB's compaction threads").contains(LOWEST);
    }

    private static List<Integer> niceOfThreadsNamed(String name) throws IOException {
        List<Integer> nice = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).strip().equals(name)) continue;
                    // After the command's closing parenthesis: state is field 3 of proc(5)'s stat, nice field 19.
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    nice.add(Integer.parseInt(fields[19 - 3]));
                } catch (IOException threadEnded) {
                    // A thread that ended while listed has no priority to read.
                }
            }
        }
        return nice;
    }
}
