package io.confmon.tf.engine;

import io.confmon.tf.ModelError;
import io.confmon.tf.ModelSpec;
import io.confmon.tf.ScoringModel;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.Result;

/**
 * A SavedModel's signature run in a session: one input fed, one output fetched, by the tensor names
 * the signature maps its keys to. Inputs of dtype float32 or float64.
 */
final class SavedModelRunner implements ScoringModel {
    private final SavedModelBundle bundle;
    private final String description;
    private final String inputTensor;
    private final String outputTensor;
    private final DataType inputType;
    private final long[] inputRowShape;
    private int outputWidth;

    private SavedModelRunner(SavedModelBundle bundle, String description, Signature.TensorDescription input,
                             Signature.TensorDescription output) {
        this.bundle = bundle;
        this.description = description;
        this.inputTensor = input.name;
        this.outputTensor = output.name;
        this.inputType = input.dataType;
        long[] dims = input.shape.asArray();
        this.inputRowShape = dims == null || dims.length == 0 ? new long[0] : Arrays.copyOfRange(dims, 1, dims.length);
        long[] out = output.shape.asArray();
        this.outputWidth = out == null ? -1 : out.length <= 1 ? 1 : (int) out[out.length - 1];
    }

    static SavedModelRunner load(ModelSpec spec) {
        if (!Files.isDirectory(spec.dir())) throw new ModelError("model " + spec.dir() + ": no such directory");
        if (!Files.isRegularFile(spec.dir().resolve("saved_model.pb"))) {
            throw new ModelError("model " + spec.dir() + ": not a SavedModel (no saved_model.pb in it)");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(spec.dir().toString(), SavedModelBundle.DEFAULT_TAG);
        } catch (TensorFlowException | IllegalArgumentException e) {
            throw new ModelError("model " + spec.dir() + ": TensorFlow cannot load it: " + e.getMessage(), e);
        }
        try {
            Signature signature = bundle.signatures().stream().filter(s -> s.key().equals(spec.signature())).findFirst()
                    .orElseThrow(() -> new ModelError("model " + spec.dir() + " has no signature '" + spec.signature()
                            + "'; it has " + bundle.signatures().stream().map(Signature::key).toList() + " (choose with --signature)"));
            Signature.TensorDescription input = pick(spec, signature.getInputs(), spec.inputName(), "input", "--input-name");
            Signature.TensorDescription output = pick(spec, signature.getOutputs(), spec.outputName(), "output", "--output-name");
            if (input.dataType != DataType.DT_FLOAT && input.dataType != DataType.DT_DOUBLE) {
                throw new ModelError("model " + spec.dir() + ": input " + input.name + " is " + input.dataType
                        + "; confmon feeds float32 or float64 inputs");
            }
            if (output.shape.numDimensions() > 2) {
                throw new ModelError("model " + spec.dir() + ": output " + output.name + " has shape " + output.shape
                        + "; confmon reads scores of shape [batch, classes] or [batch]");
            }
            String description = "signature '" + signature.key() + "', input " + input.name + " " + input.dataType + " "
                    + input.shape + ", output " + output.name + " " + output.dataType + " " + output.shape;
            return new SavedModelRunner(bundle, description, input, output);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static Signature.TensorDescription pick(ModelSpec spec, Map<String, Signature.TensorDescription> all,
                                                    String wanted, String what, String option) {
        if (wanted != null) {
            Signature.TensorDescription d = all.get(wanted);
            if (d == null) {
                throw new ModelError("model " + spec.dir() + ": signature '" + spec.signature() + "' has no " + what
                        + " '" + wanted + "'; its " + what + "s are " + all.keySet());
            }
            return d;
        }
        if (all.size() != 1) {
            throw new ModelError("model " + spec.dir() + ": signature '" + spec.signature() + "' has " + all.size() + " " + what
                    + "s " + all.keySet() + "; choose one with " + option);
        }
        return all.values().iterator().next();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long[] inputRowShape() {
        return inputRowShape.clone();
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public double[] score(double[] features, int rows, long[] rowShape) {
        long[] dims = new long[rowShape.length + 1];
        dims[0] = rows;
        System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
        Shape shape = Shape.of(dims);
        try (Tensor in = inputTensor(shape, features, Math.toIntExact(shape.size()));
             Result result = bundle.session().runner().feed(inputTensor, in).fetch(outputTensor).run()) {
            Tensor out = result.get(0);
            long[] outDims = out.shape().asArray();
            int width = outDims.length <= 1 ? 1 : Math.toIntExact(outDims[outDims.length - 1]);
            if (outDims.length == 0 || outDims[0] != rows) {
                throw new ModelError("the model's output has shape " + out.shape() + " for a batch of " + rows + " rows");
            }
            outputWidth = width;
            double[] scores = new double[rows * width];
            if (out instanceof TFloat32 f) {
                float[] raw = new float[scores.length];
                f.copyTo(DataBuffers.of(raw, false, false));
                for (int i = 0; i < raw.length; i++) scores[i] = raw[i];
            } else if (out instanceof TFloat64 d) {
                d.copyTo(DataBuffers.of(scores, false, false));
            } else {
                throw new ModelError("the model's output is " + out.dataType() + "; confmon reads float32 or float64 scores");
            }
            return scores;
        } catch (TensorFlowException e) {
            throw new ModelError("TensorFlow failed to run the model (" + description + "): " + e.getMessage(), e);
        }
    }

    /** See {@link io.confmon.tf.TensorFlowBackend#sessionRunFloor}; float32 models only. */
    double sessionRunFloor(float[] x, int rows, int width, int batchSize) {
        double sum = 0;
        float[] out = new float[0];
        for (int from = 0; from < rows; from += batchSize) {
            int n = Math.min(batchSize, rows - from);
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, width), DataBuffers.of(x, true, false).offset((long) from * width).narrow((long) n * width));
                 Result result = bundle.session().runner().feed(inputTensor, in).fetch(outputTensor).run()) {
                TFloat32 scores = (TFloat32) result.get(0);
                if (out.length != scores.size()) out = new float[(int) scores.size()];
                scores.copyTo(DataBuffers.of(out, false, false));
                sum += out[0];
            }
        }
        return sum;
    }

    private Tensor inputTensor(Shape shape, double[] features, int count) {
        if (inputType == DataType.DT_DOUBLE) {
            return TFloat64.tensorOf(shape, DataBuffers.of(features, true, false).narrow(count));
        }
        float[] narrow = new float[count];
        for (int i = 0; i < count; i++) narrow[i] = (float) features[i];
        return TFloat32.tensorOf(shape, DataBuffers.of(narrow, true, false));
    }

    @Override
    public void close() {
        bundle.close();
    }
}
