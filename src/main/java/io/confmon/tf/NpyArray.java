package io.confmon.tf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array (format versions 1 to 3): float32, float64, int32 or int64, either byte
 * order, C order. The data is memory-mapped, so a large X costs address space, not heap.
 * Layout: {@code \x93NUMPY}, major, minor, header length (2 bytes LE in v1, 4 in v2/v3), a Python
 * dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }}, then the data.
 */
public final class NpyArray {
    public enum DType {
        FLOAT32(4, false), FLOAT64(8, false), INT32(4, true), INT64(8, true);

        final int bytes;
        final boolean integer;

        DType(int bytes, boolean integer) {
            this.bytes = bytes;
            this.integer = integer;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String source;
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    private NpyArray(String source, DType dtype, long[] shape, ByteBuffer data) {
        this.source = source;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    public static NpyArray read(Path file) {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(head, 0);
            head.flip();
            byte[] magic = new byte[Math.min(6, head.remaining())];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new ModelError(source + ": not a .npy file (no \\x93NUMPY magic)");
            if (head.remaining() < 4) throw new ModelError(source + ": truncated .npy header");
            int major = head.get() & 0xff;
            head.get(); // minor version: no format change depends on it
            long headerLength;
            int prefix;
            if (major == 1) {
                headerLength = head.getShort() & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                if (head.remaining() < 4) throw new ModelError(source + ": truncated .npy header");
                headerLength = head.getInt() & 0xffffffffL;
                prefix = 12;
            } else {
                throw new ModelError(source + ": .npy format version " + major + " is not supported (1 to 3 are)");
            }
            if (prefix + headerLength > size) throw new ModelError(source + ": truncated .npy header");
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, prefix);
            // Version 3 allows UTF-8 in the header (structured dtypes' field names); 1 and 2 are Latin-1.
            String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(source, header);
            long dataStart = prefix + headerLength;
            long elements = 1;
            for (long d : h.shape) elements = Math.multiplyExact(elements, d);
            long dataBytes = Math.multiplyExact(elements, (long) h.dtype.bytes);
            if (size - dataStart < dataBytes) {
                throw new ModelError(source + ": holds " + (size - dataStart) + " bytes of data but its shape "
                        + Arrays.toString(h.shape) + " needs " + dataBytes);
            }
            if (dataBytes > Integer.MAX_VALUE) throw new ModelError(source + ": arrays over 2 GB are not supported; split the file");
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataBytes).order(h.order);
            return new NpyArray(source, h.dtype, h.shape, mapped);
        } catch (NoSuchFileException e) {
            throw new ModelError(source + ": no such file");
        } catch (IOException e) {
            throw new ModelError(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private record Header(DType dtype, ByteOrder order, long[] shape) {}

    private static Header parseHeader(String source, String header) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new ModelError(source + ": malformed .npy header " + header.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new ModelError(source + ": the array is in Fortran order; save it in C order "
                    + "(numpy.save(path, numpy.ascontiguousarray(a)))");
        }
        String d = descr.group(1);
        if (d.length() < 3) throw new ModelError(source + ": unsupported dtype '" + d + "'");
        ByteOrder order = switch (d.charAt(0)) {
            case '<', '=', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new ModelError(source + ": unsupported dtype '" + d + "'");
        };
        DType dtype = switch (d.substring(1).toLowerCase(Locale.ROOT)) {
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            default -> throw new ModelError(source + ": dtype '" + d + "' is not supported: use float32, float64, int32 or int64");
        };
        String dims = shape.group(1).trim();
        long[] parsed = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new Header(dtype, order, parsed);
    }

    /** Writes a version 1 .npy file, little-endian float32 ({@code <f4}) or int64 ({@code <i8}), C order. */
    public static void write(Path file, long[] shape, float[] float32, long[] int64) throws IOException {
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList());
        String dict = "{'descr': '" + (float32 != null ? "<f4" : "<i8") + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n"; // numpy aligns the data to 64 bytes
        int count = float32 != null ? float32.length : int64.length;
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + count * (float32 != null ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        if (float32 != null) buf.asFloatBuffer().put(float32);
        else buf.asLongBuffer().put(int64);
        Files.write(file, buf.array());
    }

    public String source() {
        return source;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The first dimension: the number of rows (samples). */
    public int rows() {
        if (shape.length == 0) throw new ModelError(source + ": a scalar, not an array of rows");
        return Math.toIntExact(shape[0]);
    }

    /** The shape of one row (the shape without its first dimension). */
    public long[] rowShape() {
        if (shape.length == 0) throw new ModelError(source + ": a scalar, not an array of rows");
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** The number of values in one row. */
    public int rowSize() {
        long n = 1;
        for (long d : rowShape()) n *= d;
        return Math.toIntExact(n);
    }

    public boolean isInteger() {
        return dtype.integer;
    }

    /** The value at a flat (C order) position, as a double. */
    public double doubleAt(long position) {
        int at = Math.toIntExact(position * dtype.bytes);
        return switch (dtype) {
            case FLOAT32 -> data.getFloat(at);
            case FLOAT64 -> data.getDouble(at);
            case INT32 -> data.getInt(at);
            case INT64 -> data.getLong(at);
        };
    }

    /** Copies rows {@code [from, from + count)} into {@code into}, flat, as doubles. */
    public void copyRows(int from, int count, double[] into) {
        int width = rowSize();
        long start = (long) from * width;
        int n = count * width;
        for (int i = 0; i < n; i++) into[i] = doubleAt(start + i);
    }
}
