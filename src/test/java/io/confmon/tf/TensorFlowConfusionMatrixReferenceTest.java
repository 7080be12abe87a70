package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.confmon.evaluate.Columns;
import io.confmon.evaluate.Evaluation;
import io.confmon.event.ClassSpace;
import io.confmon.matrix.ConfusionMatrix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * confmon's counting (the {@code evaluate} path: rows in, matrix out) against TensorFlow's own
 * {@code confusion_matrix} (tensorflow-framework's {@code MathOps.confusionMatrix}, eager) on
 * random cases: weights (zeros included), classes never seen in the middle, and
 * {@code num_classes} inferred by both as max + 1.
 */
class TensorFlowConfusionMatrixReferenceTest {
    static final int CASES = 120;

    @Test
    void equalsTensorFlowOnRandomWeightedCases() throws IOException {
        Random random = new Random(424242);
        Ops tf = Ops.create();
        FrameworkOps fops = FrameworkOps.create(tf);
        for (int c = 0; c < CASES; c++) {
            int n = 1 + random.nextInt(c % 10 == 0 ? 3 : 400);
            int k = 1 + random.nextInt(c % 3 == 0 ? 3 : 25);
            double[] labels = new double[n];
            double[] predictions = new double[n];
            double[] weights = new double[n];
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(k);
                predictions[i] = random.nextDouble() < 0.5 ? labels[i] : random.nextInt(k);
                // Multiples of 1e-3 (zeros included): exact in confmon's 1e-6 units.
                weights[i] = random.nextInt(8) == 0 ? 0 : random.nextInt(5000) / 1000.0;
                rows.append("{\"actual\":").append((long) labels[i]).append(",\"predicted\":").append((long) predictions[i])
                        .append(",\"weight\":").append(weights[i]).append("}\n");
            }
            Operand<TFloat64> reference = fops.math.confusionMatrix(tf.constant(labels), tf.constant(predictions), tf.constant(weights));
            double[][] expected;
            try (TFloat64 t = reference.asTensor()) {
                int size = (int) t.shape().get(0);
                expected = new double[size][size];
                for (int a = 0; a < size; a++) for (int p = 0; p < size; p++) expected[a][p] = t.getDouble(a, p);
            }

            ConfusionMatrix ours = Evaluation.run(new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)),
                    "case-" + c, new Evaluation.Settings(Evaluation.Format.JSON_LINES, Columns.DEFAULT, ClassSpace.open(), 0.5, 2), null);
            assertThat(ours.size()).as("case %d: num_classes", c).isEqualTo(expected.length);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < expected.length; i++) names.add(Integer.toString(i));
            assertThat(ours.classes().names()).as("case %d: classes", c).isEqualTo(names);
            double[][] weightsOurs = ours.weights();
            for (int a = 0; a < expected.length; a++) {
                for (int p = 0; p < expected.length; p++) {
                    assertThat(weightsOurs[a][p]).as("case %d cell (%d, %d)", c, a, p).isCloseTo(expected[a][p], within(1e-9));
                }
            }
        }
    }
}
