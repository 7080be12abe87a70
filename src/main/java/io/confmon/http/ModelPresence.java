package io.confmon.http;

/**
 * Whether this instance holds a model's state, asked of the one store partition the model lives
 * in: "no" is a 404, and a partition that is not queryable here yet (assigned a moment ago, still
 * restoring) is {@link io.confmon.view.NotReadyException}, a 503, never a 404 or an empty matrix.
 */
@FunctionalInterface
public interface ModelPresence {
    boolean holds(String model);
}
