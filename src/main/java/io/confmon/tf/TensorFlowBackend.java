package io.confmon.tf;

import java.nio.file.Path;

/** What confmon asks of TensorFlow. One implementation, loaded by {@link TensorFlowRuntime}. */
public interface TensorFlowBackend {
    /** Loads a SavedModel (tag {@code serve}); a {@link ModelError} names what is wrong. */
    ScoringModel load(ModelSpec spec);

    /** Opens (creating it) an event file in the log directory. */
    EventFileWriter eventWriter(Path logdir);

    /** TensorFlow's own version string. */
    String version();
}
