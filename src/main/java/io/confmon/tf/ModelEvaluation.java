package io.confmon.tf;

import com.fasterxml.jackson.core.JsonGenerator;
import io.confmon.evaluate.Columns;
import io.confmon.evaluate.Evaluation;
import io.confmon.evaluate.InputError;
import io.confmon.event.ClassSpace;
import io.confmon.json.Json;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * {@code confmon evaluate --model}: a SavedModel scores the rows, and the scores are counted by the
 * same {@link Evaluation} that counts a file of predictions. The scored rows stream through a pipe
 * as the JSON Lines rows {@code evaluate} reads ({@code {"actual": ..., "scores": [...]}}), so the
 * decoding (argmax, ties to the lowest index, a single probability against the threshold), class
 * lists, weights and error messages are exactly those of {@code evaluate --input}; doubles are
 * written so that they read back to the same value.
 */
public final class ModelEvaluation {

    /**
     * @param space the classes; null means the model's output width (2 for a single probability)
     */
    public record Settings(Columns columns, ClassSpace space, double threshold, int threads, int batchSize) {}

    private ModelEvaluation() {}

    /** Scores X.npy with the model and counts it against Y.npy. */
    public static ConfusionMatrix onArrays(ScoringModel model, String modelName, NpyArray x, NpyArray y, Settings settings) {
        return run(model, new ArrayRows(x, y, model, modelName, settings.batchSize(), settings.columns()), settings);
    }

    /** Scores the {@code features} of each JSON Lines row and counts the scores against its {@code actual}. */
    public static ConfusionMatrix onRows(ScoringModel model, String modelName, InputStream rows, String source, Settings settings) {
        return run(model, new FeatureRows(rows, source, modelName, settings.batchSize(), settings.columns()), settings);
    }

    private static ConfusionMatrix run(ScoringModel model, ScoredRowSource source, Settings settings) {
        ClassSpace space = settings.space() != null ? settings.space() : classesOf(model);
        Evaluation.Settings evaluation = new Evaluation.Settings(Evaluation.Format.JSON_LINES, settings.columns(), space,
                settings.threshold(), settings.threads());
        Producer producer = new Producer(model, source);
        BlockPipe pipe = new BlockPipe();
        try (InputStream in = pipe.in) {
            producer.pipe = pipe.out;
            producer.thread.start();
            ConfusionMatrix matrix = null;
            InputError badRow = null;
            try {
                matrix = Evaluation.run(in, source.name(), evaluation, null);
            } catch (InputError e) {
                badRow = e;
            } finally {
                in.close(); // a producer still writing stops with "pipe closed"
                producer.join();
            }
            // The producer's own failure explains a bad row it left half written; "pipe closed" is only the echo of a bad row.
            if (!(badRow != null && producer.failure instanceof IOException)) producer.rethrow();
            if (badRow != null) throw rowError(source, badRow);
            return matrix;
        } catch (IOException e) {
            throw new IllegalStateException("the in-process pipe failed", e);
        }
    }

    /** The model's classes: one per score, or two for a single probability; learned when the signature does not say. */
    static ClassSpace classesOf(ScoringModel model) {
        int width = model.outputWidth();
        if (width < 1) return ClassSpace.open();
        return ClassSpace.of(ClassIndex.ofNumClasses(width == 1 ? 2 : width));
    }

    private static ModelError rowError(ScoredRowSource source, InputError e) {
        String prefix = e.source() + ":" + e.line() + ": ";
        String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        String where = source.zeroBasedRows() ? source.name() + " row " + (e.line() - 1) : source.name() + ":" + e.line();
        return new ModelError(where + ": " + detail, e);
    }

    /** Writes the scored rows into the pipe on a thread of its own (the generator buffers; the pipe passes 256 KB blocks). */
    private static final class Producer implements Runnable {
        final Thread thread = new Thread(this, "confmon-model-scoring");
        final ScoringModel model;
        final ScoredRowSource source;
        OutputStream pipe;
        volatile Throwable failure;

        Producer(ScoringModel model, ScoredRowSource source) {
            this.model = model;
            this.source = source;
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (OutputStream out = pipe;
                 JsonGenerator gen = Json.MAPPER.createGenerator(out)) {
                gen.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT); // a failure must not close a half-written row
                source.writeAll(model, gen);
            } catch (Throwable t) {
                failure = t;
            }
        }

        void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t == null) return;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error err) throw err;
            throw new IllegalStateException("scoring failed: " + t.getMessage(), t);
        }
    }
}
