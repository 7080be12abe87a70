package io.confmon.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocksDB store's warnings and errors, in confmon's log instead of nowhere. Kafka Streams sets
 * every store's info log to ERROR, so when RocksDB stops or slows writes (its memtables wait for a
 * flush, or level 0 holds too many files) the stream thread waits and nothing says why: a latency
 * run showed several hundred "Stopping writes" warnings in two seconds in a store's own LOG, once
 * the level was raised by hand.
 *
 * <p>RocksDB repeats such a warning for as long as the condition lasts, so the stores of one name
 * (one per partition) log at most one line per {@link #QUIET} together, with the number left out;
 * the write-stall warnings are also counted per store name for
 * {@code confmon_rocksdb_write_stall_warnings_total}.
 */
public final class RocksDbWarnings extends Logger {
    static final Duration QUIET = Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RocksDbWarnings.class);
    private static final Map<String, LongAdder> WRITE_STALLS = new ConcurrentHashMap<>();

    /** Per store name: every partition's store of a name shares one quiet period. */
    private static final Map<String, Quiet> QUIETS = new ConcurrentHashMap<>();

    private final String store;
    private final LongAdder writeStalls;
    final Quiet quiet;

    RocksDbWarnings(String store) {
        super(InfoLogLevel.WARN_LEVEL);
        this.store = store;
        this.writeStalls = WRITE_STALLS.computeIfAbsent(store, s -> new LongAdder());
        this.quiet = QUIETS.computeIfAbsent(store, s -> new Quiet());
    }

    /** When a store name last logged, and how many of its lines were left out since. */
    static final class Quiet {
        private long lastLoggedNanos;
        private boolean loggedOnce;
        private long leftOut;

        /** The number left out before this line, or -1 to leave this one out too. */
        synchronized long admit(long now) {
            if (loggedOnce && now - lastLoggedNanos < QUIET.toNanos()) {
                leftOut++;
                return -1;
            }
            loggedOnce = true;
            lastLoggedNanos = now;
            long before = leftOut;
            leftOut = 0;
            return before;
        }
    }

    /**
     * RocksDB's warnings that it stopped or slowed the writes of stores named {@code store}, in
     * this process since it started (every partition's store of that name together).
     */
    public static long writeStallWarnings(String store) {
        LongAdder n = WRITE_STALLS.get(store);
        return n == null ? 0 : n.sum();
    }

    /** Called by RocksDB, from its writers' and its background threads, for WARN and above only. */
    @Override
    protected void log(InfoLogLevel level, String message) {
        if (isFirstOpen(message)) {
            log.debug("RocksDB store {}: {}", store, message.strip());
            return;
        }
        boolean stall = isWriteStall(message);
        if (stall) writeStalls.increment();
        long leftBefore = quiet.admit(System.nanoTime());
        if (leftBefore < 0) return;
        String more = leftBefore == 0 ? "" : " (" + leftBefore + " more of its warnings since the last line, every partition's store of that name)";
        String advice = stall ? "; the stream thread waits while it lasts (rocksdb.memory sizes the memtables)" : "";
        if (level == InfoLogLevel.ERROR_LEVEL || level == InfoLogLevel.FATAL_LEVEL) {
            log.error("RocksDB store {}: {}{}{}", store, message.strip(), more, advice);
        } else {
            log.warn("RocksDB store {}: {}{}{}", store, message.strip(), more, advice);
        }
    }

    /**
     * RocksDB's error that a new store's directory is not there yet, which it logs every time a
     * store is created (and then creates it): not worth an ERROR line on every first start.
     */
    static boolean isFirstOpen(String message) {
        return message.contains("Error when reading") && message.contains("dir NotFound");
    }

    /** RocksDB's words when its write controller stops or delays writes (column_family.cc). */
    static boolean isWriteStall(String message) {
        return message.contains("Stopping writes because") || message.contains("Stalling writes because");
    }
}
