package io.confmon.tf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads TensorBoard event files without TensorFlow: TFRecord framing (length, masked CRC-32C of the
 * length, data, masked CRC-32C of the data) and the {@code Event} / {@code Summary} protos decoded
 * field by field with protobuf-java's wire reader (tensorflow/core/util/event.proto,
 * tensorflow/core/framework/summary.proto).
 */
final class EventFiles {
    record Value(long step, String tag, Float simpleValue, byte[] png, int height, int width) {}

    private EventFiles() {}

    static List<Value> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Value> values = new ArrayList<>();
        while (buf.hasRemaining()) {
            long length = buf.getLong();
            int lengthCrc = buf.getInt();
            byte[] lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
            check(lengthCrc, lengthBytes, "length");
            byte[] data = new byte[Math.toIntExact(length)];
            buf.get(data);
            check(buf.getInt(), data, "data");
            readEvent(data, values);
        }
        return values;
    }

    static int maskedCrc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static void check(int stored, byte[] data, String what) {
        if (stored != maskedCrc32c(data)) throw new IllegalStateException("bad masked CRC-32C of a record's " + what);
    }

    /** Event: wall_time = 1 (double), step = 2 (int64), file_version = 3, summary = 5. */
    private static void readEvent(byte[] data, List<Value> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        long step = 0;
        List<byte[]> summaries = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 2 -> step = in.readInt64();
                case 5 -> summaries.add(in.readByteArray());
                default -> in.skipField(tag);
            }
        }
        for (byte[] s : summaries) readSummary(step, s, out);
    }

    /** Summary: value = 1 (repeated Value). Value: tag = 1, simple_value = 2 (float), image = 4. */
    private static void readSummary(long step, byte[] data, List<Value> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream v = CodedInputStream.newInstance(in.readByteArray());
            String name = null;
            Float simple = null;
            byte[] png = null;
            int height = 0;
            int width = 0;
            int t;
            while ((t = v.readTag()) != 0) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> name = v.readString();
                    case 2 -> simple = v.readFloat();
                    case 4 -> {
                        // Image: height = 1, width = 2, colorspace = 3, encoded_image_string = 4.
                        CodedInputStream img = CodedInputStream.newInstance(v.readByteArray());
                        int it;
                        while ((it = img.readTag()) != 0) {
                            switch (WireFormat.getTagFieldNumber(it)) {
                                case 1 -> height = img.readInt32();
                                case 2 -> width = img.readInt32();
                                case 4 -> png = img.readByteArray();
                                default -> img.skipField(it);
                            }
                        }
                    }
                    default -> v.skipField(t);
                }
            }
            out.add(new Value(step, name, simple, png, height, width));
        }
    }
}
