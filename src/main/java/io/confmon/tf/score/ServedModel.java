package io.confmon.tf.score;

import io.confmon.event.ClassDecoder;
import io.confmon.event.ClassSpace;
import io.confmon.matrix.ClassIndex;
import io.confmon.tf.ScoringModel;

/**
 * One model {@code score} serves: its SavedModel, its version (the directory's name, as TensorFlow
 * Serving lays out {@code models/<name>/<version>}) and its threshold for a single probability.
 */
public record ServedModel(String name, String version, ScoringModel model, double threshold) {
    /** The predicted class index of one row of scores, by the contract's rule (the shared decoder). */
    long predictedIndex(double[] scores) {
        ClassSpace indices = ClassSpace.of(ClassIndex.ofNumClasses(scores.length == 1 ? 2 : scores.length));
        return Long.parseLong(ClassDecoder.decode(scores, indices, threshold, "scores"));
    }
}
