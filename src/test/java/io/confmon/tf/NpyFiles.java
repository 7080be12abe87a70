package io.confmon.tf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes .npy files as numpy.save does (test data; confmon itself only reads them). */
final class NpyFiles {
    private NpyFiles() {}

    /** descr such as "<f4", "<f8", "<i4", "<i8", ">f8"; values in C order. */
    static Path write(Path file, String descr, long[] shape, double[] values, int version, boolean fortran) throws IOException {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }";
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer buf = ByteBuffer.allocate(prefix + header.length() + values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) buf.putShort((short) header.length());
        else buf.putInt(header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buf.order(order);
        char kind = descr.charAt(1);
        for (double v : values) {
            if (kind == 'f' && size == 4) buf.putFloat((float) v);
            else if (kind == 'f') buf.putDouble(v);
            else if (size == 4) buf.putInt((int) v);
            else buf.putLong((long) v);
        }
        Files.write(file, buf.array());
        return file;
    }

    static Path write(Path file, String descr, long[] shape, double[] values) throws IOException {
        return write(file, descr, shape, values, 1, false);
    }
}
