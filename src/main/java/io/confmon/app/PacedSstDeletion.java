package io.confmon.app;

import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;

/**
 * Deletes the SST files a compaction leaves behind at a paced rate, on a thread of its own,
 * instead of at once on the compaction's thread. On a filesystem mounted with online
 * {@code discard} (this machine's root is), deleting a file sends the disk a
 * discard of its blocks and waits for it: in a latency run, perf's scheduler stacks showed
 * RocksDB's compaction threads waiting in {@code blkdev_issue_discard} up to 3.8 s at a time, 10 s
 * of the 55 s under load, and the flush thread's fsyncs, on the same disk, waiting up to half a
 * second (README, "What a slow flush waited for"). RocksDB's own remedy is its delete scheduler:
 * an obsolete file is renamed to {@code *.trash} and removed in the background at
 * {@value #BYTES_PER_SECOND} bytes a second.
 *
 * <p>One manager serves every store of the process, as RocksDB intends, so the rate is the
 * process's. A file due for deletion while trash is over {@value #MAX_TRASH_RATIO} times the
 * size of the stores' files is deleted at once, which bounds the disk the trash takes.
 */
final class PacedSstDeletion {
    /** The pace; should compactions free files faster for long, trash reaches the ratio below and RocksDB deletes at once. */
    static final long BYTES_PER_SECOND = 32L << 20;
    /** Trash, as a multiple of the stores' live files, beyond which RocksDB deletes at once (its default: 0.25). */
    static final double MAX_TRASH_RATIO = 4.0;

    private static final SstFileManager MANAGER = create();

    private PacedSstDeletion() {}

    static void install(Options options) {
        options.setSstFileManager(MANAGER);
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
