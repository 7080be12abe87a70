package io.confmon.app;

import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;

/**
 * Deletes the SST files a compaction leaves behind at a paced rate, on a thread of its own,
 * instead of at once on the compaction's thread. On a filesystem mounted with online
 * {@code discard} (this machine's root, and many cloud VMs'), deleting a file sends the disk a
 * discard of its blocks, and the write that follows waits behind it: in a latency run the
 * compaction thread waited up to 3.8 s in {@code blkdev_issue_discard} on deleting a file, and
 * meanwhile the flush thread's fsyncs of new SST files waited up to half a second (perf's
 * sched_switch stacks, README "Deletions that stopped the disk"). A slow flush is what made
 * RocksDB stop the stream thread's writes. RocksDB's own remedy is a delete scheduler: an
 * obsolete file is renamed to {@code *.trash} and removed in the background at
 * {@value #BYTES_PER_SECOND} bytes a second.
 *
 * <p>One manager serves every store of the process, as RocksDB intends: the rate is the
 * process's. Trash never waits behind more than {@value #MAX_TRASH_RATIO} times a store's size
 * (RocksDB then deletes at once), so a store's disk use stays bounded.
 */
final class PacedSstDeletion {
    /** Faster than compactions delete under load (a few MB a second in a latency run). */
    static final long BYTES_PER_SECOND = 32L << 20;
    static final double MAX_TRASH_RATIO = 4.0;

    private static final SstFileManager MANAGER = create();

    private PacedSstDeletion() {}

    static void install(Options options) {
        options.setSstFileManager(MANAGER);
    }

    static SstFileManager manager() {
        return MANAGER;
    }

    private static SstFileManager create() {
        try {
            SstFileManager m = new SstFileManager(Env.getDefault());
            m.setDeleteRateBytesPerSecond(BYTES_PER_SECOND);
            m.setMaxTrashDBRatio(MAX_TRASH_RATIO);
            return m;
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB could not create its SST file manager", e);
        }
    }
}
