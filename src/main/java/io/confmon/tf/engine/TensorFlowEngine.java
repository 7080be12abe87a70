package io.confmon.tf.engine;

import io.confmon.tf.EventFileWriter;
import io.confmon.tf.ModelSpec;
import io.confmon.tf.ScoringModel;
import io.confmon.tf.TensorFlowBackend;
import java.nio.file.Path;
import io.confmon.tf.ModelError;
import java.io.IOException;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The one class {@link io.confmon.tf.TensorFlowRuntime} instantiates by name; everything in this
 * package may import TensorFlow, nothing outside it does.
 */
public final class TensorFlowEngine implements TensorFlowBackend {
    @Override
    public ScoringModel load(ModelSpec spec) {
        return SavedModelRunner.load(spec);
    }

    @Override
    public EventFileWriter eventWriter(Path logdir) {
        return new SummaryOpsWriter(logdir);
    }

    @Override
    public void exportDenseSoftmax(Path dir, float[][] w, float[] b) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, w.length)));
            var probs = tf.withName("probs").nn.softmax(tf.math.add(tf.linalg.matMul(x, tf.constant(w)), tf.constant(b)));
            Signature signature = Signature.builder().key(ModelSpec.SERVING_DEFAULT).input("x", x).output("probs", probs).build();
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, s)).export();
        } catch (IOException e) {
            throw new ModelError("cannot export a SavedModel to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public double sessionRunFloor(ScoringModel model, float[] x, int rows, int width, int batchSize) {
        return ((SavedModelRunner) model).sessionRunFloor(x, rows, width, batchSize);
    }

    @Override
    public String version() {
        return TensorFlow.version();
    }
}
