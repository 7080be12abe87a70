package io.confmon.tf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pipe from one writer thread to one reader thread in blocks of 256 KB. Not
 * {@link java.io.PipedInputStream}: its reader and writer wait for each other in
 * {@code wait(1000)} steps that nothing wakes early, which measured 240x the model's own time at
 * batch size 1024 ({@code confmon bench model}).
 */
final class BlockPipe {
    private static final int BLOCK = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(8);
    private volatile boolean readerClosed;

    final OutputStream out = new OutputStream() {
        private byte[] buffer = new byte[BLOCK];
        private int size;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (size == BLOCK) pass();
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (size == BLOCK) pass();
                int n = Math.min(len, BLOCK - size);
                System.arraycopy(b, off, buffer, size, n);
                size += n;
                off += n;
                len -= n;
            }
        }

        private void pass() throws IOException {
            put(size == BLOCK ? buffer : Arrays.copyOf(buffer, size));
            buffer = new byte[BLOCK];
            size = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            if (size > 0) pass();
            put(END);
        }
    };

    final InputStream in = new InputStream() {
        private byte[] current = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (at == current.length) {
                if (ended) return -1;
                current = take();
                at = 0;
                if (current == END) ended = true;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() {
            readerClosed = true;
            blocks.clear(); // a writer waiting for room wakes and sees the pipe closed
        }
    };

    private void put(byte[] block) throws IOException {
        try {
            // Only a writer that cannot hand a block over learns that the reader is gone. A check after a
            // successful offer raced with a reader that took the last block, finished and closed: the
            // whole stream had arrived, yet the writer failed with "pipe closed" (seen under load).
            while (!blocks.offer(block, 100, TimeUnit.MILLISECONDS)) {
                if (readerClosed) throw new IOException("pipe closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private byte[] take() throws IOException {
        try {
            return blocks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
