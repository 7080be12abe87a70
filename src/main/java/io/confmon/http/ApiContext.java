package io.confmon.http;

import io.confmon.view.LocalState;
import io.confmon.view.ModelLocator;
import java.time.Clock;
import java.util.function.Supplier;

/** What the handlers read: the local stores, where models live, whether one is here, readiness, metrics, the clock for {@code last=}. */
public record ApiContext(
        LocalState local,
        ModelLocator locator,
        ModelPresence presence,
        Readiness readiness,
        Supplier<String> metrics,
        long bucketMs,
        Clock clock) {}
