package io.confmon.evaluate;

import io.confmon.event.ClassSpace;
import io.confmon.event.Rejection;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counts a file of rows into one confusion matrix, streaming: memory stays flat in the row count.
 * One thread cuts the input into blocks of whole lines; worker threads parse and count them into
 * matrices of their own, merged at the end (matrices merge exactly, so the split changes nothing).
 * The first bad row, by line number, stops the run with an {@link InputError}.
 */
public final class Evaluation {
    public enum Format { JSON_LINES, CSV }

    public record Settings(Format format, Columns columns, ClassSpace space, double threshold, int threads) {}

    private final Settings settings;
    private final String source;
    private final AtomicLong rows = new AtomicLong();
    private final ConcurrentHashMap<Integer, Integer> linesPerBlock = new ConcurrentHashMap<>();
    private final List<RowFailure> failures = new ArrayList<>();
    private volatile int firstFailedBlock = Integer.MAX_VALUE;

    private record RowFailure(int block, int lineInBlock, String detail) {}

    private Evaluation(Settings settings, String source) {
        this.settings = settings;
        this.source = source;
    }

    /**
     * @param source   the file's name for error messages ("-" for standard input)
     * @param progress told the number of rows counted so far, now and then (may be null)
     */
    public static ConfusionMatrix run(InputStream in, String source, Settings settings, LongConsumer progress) throws IOException {
        return new Evaluation(settings, source).count(in, progress);
    }

    private ConfusionMatrix count(InputStream in, LongConsumer progress) throws IOException {
        BlockReader reader = new BlockReader(in);
        Block first = reader.next();
        if (first == null) return empty();
        LineFormat format;
        int headerLines = 0;
        if (settings.format() == Format.CSV) {
            int end = indexOf(first.data(), 0, first.length(), (byte) '\n');
            int headerEnd = end < 0 ? first.length() : end;
            try {
                format = CsvLineFormat.forHeader(first.data(), trimCr(first.data(), 0, headerEnd), settings.columns());
            } catch (Rejection r) {
                throw new InputError(source, 1, r.detail());
            }
            headerLines = 1;
            int from = end < 0 ? first.length() : end + 1;
            byte[] rest = java.util.Arrays.copyOfRange(first.data(), from, first.length());
            first = new Block(0, rest, rest.length);
        } else {
            format = new JsonLineFormat(settings.columns());
        }

        int threads = Math.max(1, settings.threads());
        BlockingQueue<Block> queue = new ArrayBlockingQueue<>(threads * 2);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(format.copy(), queue);
            workers.add(w);
            w.thread.start();
        }
        try {
            put(queue, first);
            Block block;
            long lastReport = System.nanoTime();
            while (firstFailedBlock == Integer.MAX_VALUE && (block = reader.next()) != null) {
                put(queue, block);
                if (progress != null && System.nanoTime() - lastReport > 1_000_000_000L) {
                    progress.accept(rows.get());
                    lastReport = System.nanoTime();
                }
            }
        } finally {
            for (int i = 0; i < threads; i++) put(queue, Block.END);
            for (Worker w : workers) join(w.thread);
        }
        for (Worker w : workers) {
            if (w.crash != null) throw new IllegalStateException("a counting thread failed", w.crash);
        }
        if (!failures.isEmpty()) throw firstFailure(headerLines);
        if (progress != null) progress.accept(rows.get());
        return merge(workers);
    }

    private ConfusionMatrix empty() {
        ClassIndex none = settings.space().isOpen() ? ClassIndex.learned(List.of()) : settings.space().fixed();
        return new ConfusionMatrix(none);
    }

    private ConfusionMatrix merge(List<Worker> workers) {
        List<ConfusionMatrix> parts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Worker w : workers) {
            ConfusionMatrix m = w.counter.matrix();
            parts.add(m);
            names.addAll(m.classes().names());
        }
        ClassIndex classes = settings.space().isOpen() ? ClassIndex.learned(names) : settings.space().fixed();
        ConfusionMatrix total = new ConfusionMatrix(classes);
        for (ConfusionMatrix m : parts) total.merge(m.classes().equals(classes) ? m : m.reindex(classes));
        return total;
    }

    private InputError firstFailure(int headerLines) {
        RowFailure first;
        synchronized (failures) {
            first = failures.stream()
                    .min((a, b) -> a.block != b.block ? Integer.compare(a.block, b.block) : Integer.compare(a.lineInBlock, b.lineInBlock))
                    .orElseThrow();
        }
        long line = headerLines + first.lineInBlock;
        for (int b = 0; b < first.block; b++) line += linesPerBlock.getOrDefault(b, 0);
        return new InputError(source, line, first.detail);
    }

    /** Parses and counts the blocks it takes, until the end marker. */
    private final class Worker implements Runnable {
        final Thread thread = new Thread(this, "confmon-evaluate");
        final RowCounter counter = new RowCounter(settings.columns(), settings.space(), settings.threshold());
        final LineFormat format;
        final BlockingQueue<Block> queue;
        final Row row = new Row();
        Throwable crash;

        Worker(LineFormat format, BlockingQueue<Block> queue) {
            this.format = format;
            this.queue = queue;
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                Block block;
                while ((block = queue.take()) != Block.END) {
                    // Past a failure only earlier blocks matter: they may hold an earlier bad line.
                    if (block.index() <= firstFailedBlock) countBlock(block);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                crash = t;
                firstFailedBlock = -1;
            }
        }

        private void countBlock(Block block) {
            long[] counted = {0};
            try {
                int lines = format.forEachRow(block.data(), block.length(), row, r -> {
                    counter.count(r);
                    counted[0]++;
                });
                linesPerBlock.put(block.index(), lines);
            } catch (LineFormat.LineRejection r) {
                fail(block.index(), r.line, r.getMessage());
            }
            rows.addAndGet(counted[0]);
        }

        private void fail(int block, int line, String detail) {
            synchronized (failures) {
                failures.add(new RowFailure(block, line, detail));
                if (block < firstFailedBlock) firstFailedBlock = block;
            }
        }
    }

    private static int indexOf(byte[] data, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) return i;
        }
        return -1;
    }

    /** The end of a line without a trailing carriage return (files written on Windows). */
    private static int trimCr(byte[] data, int from, int to) {
        return to > from && data[to - 1] == '\r' ? to - 1 : to;
    }

    private static void put(BlockingQueue<Block> queue, Block block) {
        try {
            queue.put(block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
