package io.confmon.app;

import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.Env;
import org.rocksdb.Priority;

/**
 * Runs RocksDB's compactions at the lowest CPU priority (nice 19 on Linux), process-wide. With
 * millions of pending predictions in state, a compaction of the join's entries took up to half a
 * CPU in bursts, and the stream thread, waiting for its share, fell behind by seconds: the tail of
 * the label-to-API latency (see the README's "Compactions yield to the stream thread").
 * Compactions only tidy files the stream thread has already written, so they can wait for CPU the
 * stream thread leaves idle; if they fall far behind, RocksDB slows the writes down, and the
 * stream thread's waiting then leaves them that CPU. Flushes of the memtables run in RocksDB's
 * other pool and keep their priority.
 */
final class LowPriorityCompactions {
    private static final AtomicBoolean LOWERED = new AtomicBoolean();

    private LowPriorityCompactions() {}

    /** Lowers the compaction pool of RocksDB's default environment, once per process; a thread lowers itself at its next job. */
    static void ensure() {
        if (LOWERED.compareAndSet(false, true)) Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
    }
}
