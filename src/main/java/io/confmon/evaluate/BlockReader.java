package io.confmon.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream into blocks of whole lines for the worker threads: big reads, no decoding to
 * chars, no per-line objects. A line longer than a block grows the block.
 */
final class BlockReader {
    static final int BLOCK_SIZE = 1 << 22;

    private final InputStream in;
    private byte[] carry = new byte[0];
    private int carryLength;
    private int nextIndex;
    private boolean done;

    BlockReader(InputStream in) {
        this.in = in;
    }

    /** The next block, or null at the end of the stream. */
    Block next() throws IOException {
        if (done) return null;
        byte[] buffer = new byte[Math.max(BLOCK_SIZE, carryLength * 2)];
        System.arraycopy(carry, 0, buffer, 0, carryLength);
        int filled = carryLength;
        while (true) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                done = true;
                carryLength = 0;
                return filled == 0 ? null : new Block(nextIndex++, buffer, filled);
            }
            filled += n;
            if (filled < buffer.length) continue;
            int lastNewline = lastIndexOf(buffer, filled, (byte) '\n');
            if (lastNewline < 0) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
                continue;
            }
            carryLength = filled - lastNewline - 1;
            carry = Arrays.copyOfRange(buffer, lastNewline + 1, filled);
            return new Block(nextIndex++, buffer, lastNewline + 1);
        }
    }

    private static int lastIndexOf(byte[] buffer, int length, byte b) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == b) return i;
        }
        return -1;
    }
}
