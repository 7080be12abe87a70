package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** The work that can wait runs at the background nice value, found by kernel name; every other thread keeps its priority. */
class BackgroundNiceTest {
    @Test
    void lowersTheNamedThreadsOnlyAndEachOnce() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Waiter refresh = new Waiter("confmon-metrics-refresh", done);
        Waiter other = new Waiter("confmon-stream-like-7", done);
        // Not started: the test makes the scans itself.
        try (BackgroundNice at19 = new BackgroundNice(19)) {
            assertThat(at19.lowerNewThreads()).as("threads lowered by the first scan").isPositive();

            assertThat(BackgroundNice.niceOf(refresh.tid())).as("the gauges' refresh thread").hasValue(19);
            assertThat(BackgroundNice.niceOf(other.tid())).as("a thread of another name").hasValue(0);
            assertThat(BackgroundNice.matchingThreads()).as("HotSpot's compiler threads are found by name")
                    .anyMatch(tid -> BackgroundNice.niceOf(tid).orElse(0) == 19 && comm(tid).startsWith("C"));
            assertThat(at19.lowerNewThreads()).as("a second scan: nothing new").isZero();
        } finally {
            done.countDown();
        }
    }

    @Test
    void startedItLowersOnItsOwnThreadAndZeroLeavesEveryThreadAlone() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Waiter left = new Waiter("confmon-metrics-left", done);
        try (BackgroundNice off = BackgroundNice.start(0)) {
            Thread.sleep(500);
            assertThat(BackgroundNice.niceOf(left.tid())).as("with 0, after half a second").hasValue(0);
        }
        Waiter lowered = new Waiter("confmon-metrics-lowered", done);
        try (BackgroundNice on = BackgroundNice.start(19)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (BackgroundNice.niceOf(lowered.tid()).orElse(0) != 19 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(BackgroundNice.niceOf(lowered.tid())).as("with 19, within 5 s").hasValue(19);
        } finally {
            done.countDown();
        }
    }

    @Test
    void rocksDbsCompactionThreadsRunAtNice19(@TempDir Path dir) throws Exception {
        BackgroundNice.start(19).close();
        try (Options options = new Options().setCreateIfMissing(true);
             WriteOptions noWal = new WriteOptions().setDisableWAL(true);
             FlushOptions flush = new FlushOptions().setWaitForFlush(true);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            for (int f = 0; f < 4; f++) {
                for (int i = 0; i < 1000; i++) db.put(noWal, ("k" + f + "-" + i).getBytes(), new byte[100]);
                db.flush(flush);
            }
            db.compactRange();
        }
        List<Long> compactionThreads = Files.list(Path.of("/proc/self/task")).map(t -> Long.parseLong(t.getFileName().toString()))
                .filter(tid -> comm(tid).equals("rocksdb:low")).toList();
        assertThat(compactionThreads).as("RocksDB's compaction threads").isNotEmpty()
                .allMatch(tid -> BackgroundNice.niceOf(tid).orElse(0) == 19);
    }

    private static String comm(long tid) {
        try {
            return Files.readString(Path.of("/proc/self/task", Long.toString(tid), "comm")).strip();
        } catch (Exception e) {
            return "";
        }
    }

    /** A thread that records its kernel thread id and waits. */
    private static final class Waiter {
        private final AtomicLong tid = new AtomicLong();
        private final CountDownLatch started = new CountDownLatch(1);

        Waiter(String name, CountDownLatch done) throws InterruptedException {
            Thread t = new Thread(() -> {
                try {
                    tid.set(Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
                } catch (Exception e) {
                    tid.set(-1);
                }
                started.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            t.setDaemon(true);
            t.start();
            started.await();
        }

        long tid() {
            return tid.get();
        }
    }
}
