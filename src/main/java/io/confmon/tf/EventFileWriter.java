package io.confmon.tf;

import java.util.Map;

/**
 * TensorBoard event files in one log directory, written by TensorFlow's own summary ops.
 * Implemented inside the TensorFlow class loader.
 */
public interface EventFileWriter extends AutoCloseable {
    /** Writes a PNG as an image summary (TensorFlow stores it under {@code tag + "/image"}). */
    void image(long step, String tag, byte[] png);

    void scalar(long step, String tag, float value);

    /** Writes everything so far to the event file. */
    void flush();

    @Override
    void close();

    /** Writes the scalars in the order given. */
    default void scalars(long step, Map<String, Float> values) {
        values.forEach((tag, value) -> scalar(step, tag, value));
    }
}
