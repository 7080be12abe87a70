package io.confmon.tf.score;

import java.util.Map;

/**
 * A decoded feature event: what {@code confmon score} feeds the model.
 *
 * @param features the values, flat in C order
 * @param shape    the shape of the (possibly nested) array they came in
 */
record FeatureEvent(String id, String model, long ts, double[] features, long[] shape, Map<String, String> slice) {}
