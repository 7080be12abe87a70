package io.confmon.tf.engine;

import io.confmon.tf.EventFileWriter;
import io.confmon.tf.ModelError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodePng;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Event files written by TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteImageSummary}, {@code WriteScalarSummary}, {@code FlushSummaryWriter}), so the
 * framing, CRCs and protos are TensorFlow's. One small graph, built once, fed per summary.
 */
final class SummaryOpsWriter implements EventFileWriter {
    private final Graph graph = new Graph();
    private final Session session = new Session(graph);
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TString> png;
    private final Placeholder<TFloat32> value;
    private final Op writeImage;
    private final Op writeScalar;
    private final Op flush;
    private final Op close;

    SummaryOpsWriter(Path logdir) {
        try {
            Files.createDirectories(logdir);
        } catch (IOException e) {
            throw new ModelError("--tensorboard: cannot create " + logdir + ": " + e.getMessage(), e);
        }
        Ops tf = Ops.create(graph);
        step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
        tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        png = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        SummaryWriter writer = tf.summary.summaryWriter();
        Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(logdir.toAbsolutePath().toString()),
                tf.constant(10), tf.constant(60_000), tf.constant(".confmon"));
        // The PNG is decoded by TensorFlow and re-encoded by the op: the image TensorBoard shows is the renderer's pixels.
        var image = tf.expandDims(tf.image.decodePng(png, new DecodePng.Options[] {DecodePng.channels(3L)}), tf.constant(0));
        writeImage = tf.summary.writeImageSummary(writer, step, tag, image,
                tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}), WriteImageSummary.maxImages(1L));
        writeScalar = tf.summary.writeScalarSummary(writer, step, tag, value);
        flush = tf.summary.flushSummaryWriter(writer);
        close = tf.summary.closeSummaryWriter(writer);
        try {
            session.runner().addTarget(create).run();
        } catch (TensorFlowException e) {
            closeQuietly();
            throw new ModelError("--tensorboard: TensorFlow cannot write to " + logdir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void image(long stepValue, String tagValue, byte[] pngBytes) {
        try (TInt64 s = TInt64.scalarOf(stepValue);
             TString t = TString.scalarOf(tagValue);
             TString p = TString.tensorOfBytes(NdArrays.scalarOfObject(pngBytes))) {
            session.runner().feed(step, s).feed(tag, t).feed(png, p).addTarget(writeImage).run();
        }
    }

    @Override
    public void scalar(long stepValue, String tagValue, float v) {
        try (TInt64 s = TInt64.scalarOf(stepValue);
             TString t = TString.scalarOf(tagValue);
             TFloat32 x = TFloat32.scalarOf(v)) {
            session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(writeScalar).run();
        }
    }

    @Override
    public void flush() {
        session.runner().addTarget(flush).run();
    }

    @Override
    public void close() {
        try {
            session.runner().addTarget(close).run();
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        session.close();
        graph.close();
    }
}
