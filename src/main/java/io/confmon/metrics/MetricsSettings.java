package io.confmon.metrics;

import io.confmon.app.Config;
import java.time.Duration;
import java.util.List;

/**
 * What the confusion meters export and how often they look.
 *
 * @param views           the rolling views, each exported under its name in the {@code window} label
 * @param sliceKeys       configured slice keys; empty exports no sliced series
 * @param cellsMaxClasses up to this many classes every cell is exported, above it only the top pairs
 * @param topPairs        confused pairs kept per model, slice and view when the matrix is too large
 * @param minPairSupport  weighted rows an actual class needs before its pairs may rank, so a
 *                        class seen twice, once confused, does not outrank real confusions
 * @param maxSeries       hard cap on the series the binder exports, its own two gauges included
 * @param refreshEvery    how often the views are read; {@link Duration#ZERO} reads only on
 *                        {@link ConfusionMeterBinder#refresh()} (tests)
 */
public record MetricsSettings(
        List<Config.View> views,
        long bucketMs,
        List<String> sliceKeys,
        int cellsMaxClasses,
        int topPairs,
        double minPairSupport,
        int maxSeries,
        Duration refreshEvery) {

    /**
     * Same as the alert rules' {@code confmon:config:min_support}: a pair whose row has fewer
     * rows is never judged by ConfmonConfusionRising, so it need not take a top-pair slot.
     */
    public static final double DEFAULT_MIN_PAIR_SUPPORT = 50;

    /**
     * A few seconds: fresher than any scrape interval worth having, and the longest view (24h
     * of 1m buckets, about 1,500 bucket reads per model) stays cheap at this pace.
     */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    public MetricsSettings {
        views = List.copyOf(views);
        sliceKeys = List.copyOf(sliceKeys);
        if (views.isEmpty()) throw new IllegalArgumentException("at least one view is needed");
        if (bucketMs <= 0 || cellsMaxClasses < 1 || topPairs < 1 || maxSeries < 1 || refreshEvery.isNegative()) {
            throw new IllegalArgumentException("bucket, cells.max.classes, top.pairs and max.series must be positive, got "
                    + bucketMs + ", " + cellsMaxClasses + ", " + topPairs + ", " + maxSeries + " (refresh " + refreshEvery + ")");
        }
    }

    public static MetricsSettings from(Config config) {
        return new MetricsSettings(config.views(), config.bucketMs(), List.copyOf(config.sliceKeys()),
                config.metricsCellsMaxClasses(), config.metricsTopPairs(), config.metricsTopPairsMinSupport(),
                config.metricsMaxSeries(), Duration.ofMillis(config.metricsRefreshMs()));
    }

    public MetricsSettings withRefreshEvery(Duration every) {
        return new MetricsSettings(views, bucketMs, sliceKeys, cellsMaxClasses, topPairs, minPairSupport, maxSeries, every);
    }
}
