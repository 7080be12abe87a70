package io.confmon.tf.engine;

import io.confmon.tf.EventFileWriter;
import io.confmon.tf.ModelSpec;
import io.confmon.tf.ScoringModel;
import io.confmon.tf.TensorFlowBackend;
import java.nio.file.Path;
import org.tensorflow.TensorFlow;

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
    public String version() {
        return TensorFlow.version();
    }
}
