package io.confmon.app;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of the process by one number
 * ({@code rocksdb.memory}): all stores share one LRU block cache of that size, their memtables
 * are charged to the same cache through a {@link WriteBufferManager}, and index and filter
 * blocks live in the cache too (at high priority) instead of beside it. Without this, each of
 * the dozen or so stores (one per store and partition, plus standbys) takes its own 50 MB cache
 * and up to three 16 MB memtables, and grows its index and filter blocks with the data: native
 * memory without a bound, which a container limit turns into an OOM kill. This is the pattern of
 * Kafka Streams' memory-management guide.
 *
 * <p>The store written on every event ({@link #BUSIEST_STORE_CONFIG}: the join's entries) has a
 * write-buffer manager of its own, with half of the memtable share; every other store shares the
 * other half. RocksDB asks a write-buffer manager whether to flush on each write, and then flushes
 * a memtable of the store being written, however small, whichever store holds the memory. With one
 * manager for all, the stores written once a commit (the expiry index, the buckets, the totals)
 * held much of it, so the join's stores flushed memtables of a few entries, one after another,
 * until RocksDB stopped their writes (three memtables waiting for their flush) and the stream
 * thread waited: the tail of the label-to-API latency (the README's "One write-buffer manager for
 * the busiest store").
 *
 * <p>Kafka Streams creates the setter by class name, so the budget travels as a property
 * ({@link #BYTES_CONFIG}) and the shared cache is kept per budget size for the life of the
 * process (never closed by a store: every other store still uses it).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The budget in bytes, set by {@link #streamsProperties(long, String)}. */
    public static final String BYTES_CONFIG = "confmon.rocksdb.memory.bytes";
    /** The name of the store written on every event, set by {@link #streamsProperties(long, String)}. */
    public static final String BUSIEST_STORE_CONFIG = "confmon.rocksdb.busiest.store";
    /** Share of the budget memtables may take before RocksDB flushes them. */
    static final double MEMTABLE_SHARE = 0.25;
    /** Share of the cache kept for index and filter blocks, which every read needs. */
    static final double HIGH_PRIORITY_SHARE = 0.1;
    /**
     * Sorted runs the busiest store holds before RocksDB merges them (RocksDB's default: 4). Twice
     * as many halved the bytes compacted in a latency run (README, "Fewer compactions for the busiest
     * store"); a read looks at up to this many runs, all but the oldest behind a bloom filter.
     */
    static final int BUSIEST_STORE_RUNS_BEFORE_COMPACTION = 8;
    /** Kafka Streams' default memtable size; smaller when the budget is small. */
    private static final long MAX_MEMTABLE_BYTES = 16L << 20;

    private static final Map<Long, Budget> BUDGETS = new ConcurrentHashMap<>();

    /** Kafka Streams makes one setter per store and closes it with the store. */
    private RocksDbWarnings warnings;

    /**
     * One process-wide pool: the cache, and two write-buffer managers charged to it, one for the
     * busiest store's memtables and one for every other store's, half the memtable share each.
     */
    record Budget(long bytes, Cache cache, WriteBufferManager busiestStore, WriteBufferManager otherStores) {
        static Budget of(long bytes) {
            Cache cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
            long half = (long) (bytes * MEMTABLE_SHARE) / 2;
            return new Budget(bytes, cache, new WriteBufferManager(half, cache), new WriteBufferManager(half, cache));
        }
    }

    /**
     * The Kafka Streams properties that install this setter with a budget of {@code bytes}, and
     * {@code busiestStore} (a store name) with memtables of its own.
     */
    public static Properties streamsProperties(long bytes, String busiestStore) {
        if (bytes < 1 << 20) throw new ConfigException("rocksdb.memory must be at least 1MiB, got " + bytes + " bytes");
        Properties p = new Properties();
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        p.put(BYTES_CONFIG, Long.toString(bytes));
        p.put(BUSIEST_STORE_CONFIG, busiestStore);
        return p;
    }

    static Budget budget(long bytes) {
        return BUDGETS.computeIfAbsent(bytes, Budget::of);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object value = configs.get(BYTES_CONFIG);
        if (value == null) throw new IllegalStateException(BYTES_CONFIG + " missing: install the setter with streamsProperties(bytes, busiestStore)");
        Budget budget = budget(Long.parseLong(value.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(budget.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        boolean busiest = storeName.equals(configs.get(BUSIEST_STORE_CONFIG));
        options.setWriteBufferManager(busiest ? budget.busiestStore() : budget.otherStores());
        if (busiest) options.setLevelZeroFileNumCompactionTrigger(BUSIEST_STORE_RUNS_BEFORE_COMPACTION);
        options.setWriteBufferSize(Math.min(MAX_MEMTABLE_BYTES, (long) (budget.bytes() * MEMTABLE_SHARE) / 4));
        options.setTableFormatConfig(table);
        PacedSstDeletion.install(options);
        // After Kafka Streams' own ERROR level: RocksDB's stalls and warnings reach confmon's log.
        warnings = new RocksDbWarnings(storeName);
        options.setLogger(warnings);
        options.setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store; the logger is this store's.
        if (warnings != null) warnings.close();
    }
}
