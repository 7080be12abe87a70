package io.confmon.tf;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Small SavedModels built with TensorFlow Java and known weights: a dense layer {@code x W + b}
 * with a softmax (K scores) or a sigmoid (one probability), exported with a serving signature.
 * {@link #predict} is the class those weights imply, computed here in plain Java.
 */
final class TestModels {
    private TestModels() {}

    record Dense(double[][] w, double[] b, boolean sigmoid) {
        int inputs() {
            return w.length;
        }

        double[] logits(double[] x) {
            int k = w[0].length;
            double[] z = b.clone();
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < x.length; i++) z[j] += x[i] * w[i][j];
            }
            return z;
        }

        /** The class the weights imply: argmax (softmax is monotonic), or sigmoid(z) > threshold. */
        int predict(double[] x, double threshold) {
            double[] z = logits(x);
            if (sigmoid) return 1 / (1 + Math.exp(-z[0])) > threshold ? 1 : 0;
            int best = 0;
            for (int j = 1; j < z.length; j++) if (z[j] > z[best]) best = j;
            return best;
        }

        /** How far the row is from a decision boundary (rows too close could flip in float32). */
        double margin(double[] x, double threshold) {
            double[] z = logits(x);
            if (sigmoid) return Math.abs(z[0] - Math.log(threshold / (1 - threshold)));
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
            }
            return first - second;
        }
    }

    static Dense random(java.util.Random random, int inputs, int classes, boolean sigmoid) {
        int k = sigmoid ? 1 : classes;
        double[][] w = new double[inputs][k];
        for (double[] row : w) for (int j = 0; j < k; j++) row[j] = Math.round(random.nextGaussian() * 8) / 4.0;
        double[] b = new double[k];
        for (int j = 0; j < k; j++) b[j] = Math.round(random.nextGaussian() * 4) / 4.0;
        return new Dense(w, b, sigmoid);
    }

    /** Exports the model with signature serving_default: input "x" [-1, inputs], output "probs". */
    static Path export(Dense model, Path dir, boolean float64) throws IOException {
        return export(model, dir, float64, false);
    }

    /** With {@code twoOutputs} the signature also has "logits", so the output must be chosen. */
    static Path export(Dense model, Path dir, boolean float64, boolean twoOutputs) throws IOException {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Signature.Builder signature = Signature.builder().key("serving_default");
            if (float64) {
                Placeholder<TFloat64> x = tf.withName("x").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, model.inputs())));
                Operand<TFloat64> z = tf.math.add(tf.linalg.matMul(x, tf.constant(model.w())), tf.constant(model.b()));
                signature.input("x", x).output("probs", head(tf, model, z));
                if (twoOutputs) signature.output("logits", z);
            } else {
                Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, model.inputs())));
                Operand<TFloat32> z = tf.math.add(tf.linalg.matMul(x, tf.constant(toFloat(model.w()))), tf.constant(toFloat(model.b())));
                signature.input("x", x).output("probs", head(tf, model, z));
                if (twoOutputs) signature.output("logits", z);
            }
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature.build(), s)).export();
        }
        return dir;
    }

    private static <T extends TFloating> Operand<T> head(Ops tf, Dense model, Operand<T> z) {
        return model.sigmoid() ? tf.math.sigmoid(z) : tf.nn.softmax(z);
    }

    private static float[][] toFloat(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = toFloat(m[i]);
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
