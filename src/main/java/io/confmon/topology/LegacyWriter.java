package io.confmon.topology;

import io.confmon.event.LabelClass;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the fields of confmon 0.1.0's unversioned layouts, the mirror of {@link LegacyReader}
 * (0.1.0's own codec: a {@code DataOutputStream}, modified UTF-8 strings with a 2-byte length,
 * fixed longs, zig-zag varints). Used only under {@code upgrade.from=0.1}, so that a 0.1.0 instance
 * of the same application can read what this one writes during a rolling upgrade. Each layout class
 * keeps its 0.1.0 field order next to its own.
 */
final class LegacyWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    LegacyWriter str(String s) {
        try {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LegacyWriter i64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LegacyWriter var(long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            u8((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        return u8((int) z);
    }

    LegacyWriter u8(int v) {
        try {
            out.writeByte(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LegacyWriter bytes(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LegacyWriter slice(Slice slice) {
        var(slice.pairs().size());
        slice.pairs().forEach((k, v) -> str(k).str(v));
        return this;
    }

    LegacyWriter labelClass(LabelClass c) {
        return c.name() != null ? u8(0).str(c.name()) : u8(1).var(c.index());
    }

    /** The 8 counters in 0.1.0's declaration order, every one written (0.1.0 read exactly 8). */
    LegacyWriter counters(Counters c) {
        for (PipelineCounter counter : PipelineCounter.LEGACY_ORDER) var(c.get(counter));
        return this;
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    /**
     * 0.1.0's slice string {@code k=v,k2=v2} (sorted), read back by {@link LegacyReader#sliceString}.
     * Ambiguous for a value holding a comma or {@code =}, as it was in 0.1.0.
     */
    static String sliceString(Slice slice) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : slice.pairs().entrySet()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
