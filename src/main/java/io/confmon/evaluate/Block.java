package io.confmon.evaluate;

/** A run of whole lines of the input: {@code data[0..length)}, the {@code index}-th block read. */
record Block(int index, byte[] data, int length) {
    static final Block END = new Block(-1, new byte[0], 0);
}
