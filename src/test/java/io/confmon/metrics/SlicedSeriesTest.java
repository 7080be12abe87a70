package io.confmon.metrics;

import static io.confmon.metrics.ConfusionMeterBinderTest.ANIMALS;
import static io.confmon.metrics.ConfusionMeterBinderTest.BUCKET;
import static io.confmon.metrics.ConfusionMeterBinderTest.CLOCK;
import static io.confmon.metrics.ConfusionMeterBinderTest.labels;
import static io.confmon.metrics.ConfusionMeterBinderTest.matrix;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.Config;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With slice keys, each view is also exported per slice under {@code <name>_sliced}, every
 * series carrying every slice key ("" where the slice lacks it); the aggregate keeps its name
 * and its labels, so the dashboards and alert rules read it as before.
 */
class SlicedSeriesTest {
    static final List<Config.View> HOUR = List.of(new Config.View("1h", 3_600_000));

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final FakeModelSource source = new FakeModelSource(BUCKET);
    ConfusionMeterBinder binder;

    @AfterEach
    void close() {
        if (binder != null) binder.close();
        registry.close();
    }

    Scrape run(List<String> sliceKeys, int maxSeries) {
        binder = new ConfusionMeterBinder(source, new MetricsSettings(HOUR, BUCKET, sliceKeys, 20, 50, 1, maxSeries, Duration.ZERO), CLOCK);
        binder.bindTo(registry);
        binder.refresh();
        return Scrape.parse(registry.scrape());
    }

    @Test
    void eachSliceHasItsOwnSeriesBesideTheAggregate() {
        ConfusionMatrix all = matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}});
        ConfusionMatrix eu = matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 0, 0}, {1, 0, 3}});
        source.view("zoo", 3_600_000, all, 40, 24)
                .slice("zoo", Map.of("region", "eu"), 3_600_000, eu, 20, 14)
                .slice("zoo", Map.of("device", "phone", "region", "us"), 3_600_000, matrix(List.of("dog", "fox"), new long[][] {{5, 5}, {0, 0}}), 15, 10);
        Scrape scrape = run(List.of("region", "device"), 10_000);

        assertThat(scrape.value("confmon_confusion_ratio", labels("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog")))
                .isEqualTo(0.2);
        assertThat(scrape.named("confmon_confusion")).hasSize(9).allMatch(s -> !s.labels().containsKey("region"));
        assertThat(scrape.value("confmon_confusion_sliced",
                labels("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog", "region", "eu", "device", ""))).isEqualTo(2);
        assertThat(scrape.value("confmon_confusion_ratio_sliced",
                labels("model", "zoo", "window", "1h", "actual", "dog", "predicted", "fox", "region", "us", "device", "phone"))).isEqualTo(0.5);
        assertThat(scrape.value("confmon_accuracy_sliced", labels("model", "zoo", "window", "1h", "region", "eu", "device", "")))
                .isEqualTo(Metrics.of(eu).accuracy());
        assertThat(scrape.value("confmon_class_support_sliced",
                labels("model", "zoo", "window", "1h", "class", "cat", "region", "eu", "device", ""))).isEqualTo(10);
        assertThat(scrape.value("confmon_label_coverage_sliced", labels("model", "zoo", "window", "1h", "region", "us", "device", "phone")))
                .isEqualTo(10.0 / 15);
        // Nine cells for eu, four for us (its view lists two classes).
        assertThat(scrape.named("confmon_confusion_sliced")).hasSize(13);
        // One label set per name: what the Prometheus client demands.
        for (String name : scrape.samples().stream().map(Scrape.Sample::name).collect(Collectors.toSet())) {
            Set<Set<String>> labelSets = scrape.named(name).stream().map(s -> s.labels().keySet()).collect(Collectors.toSet());
            assertThat(labelSets).as(name).hasSize(1);
        }
    }

    @Test
    void slicedSeriesComeAfterEveryAggregateSeriesUnderTheCap() {
        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}}), 40, 24)
                .slice("zoo", Map.of("region", "eu"), 3_600_000, matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}}), 40, 24);
        // Aggregate: 2 headline + 12 class + 18 cell series = 32; the cap leaves room for 32 and the binder's two.
        Scrape scrape = run(List.of("region"), 34);
        assertThat(scrape.named("confmon_confusion")).hasSize(9);
        assertThat(scrape.count("confmon_")).isEqualTo(34);
        assertThat(scrape.samples()).noneMatch(s -> s.name().endsWith("_sliced"));
        assertThat(scrape.value("confmon_metrics_series_dropped", Map.of())).isEqualTo(32);
    }

    @Test
    void aSliceKeyNamedLikeALabelTheSeriesCarryIsPrefixed() {
        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 3, 3)
                .slice("zoo", Map.of("class", "vip", "tier-1", "gold"), 3_600_000, matrix(ANIMALS, new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 3, 3);
        Scrape scrape = run(List.of("class", "tier-1"), 10_000);
        assertThat(scrape.value("confmon_class_support_sliced",
                labels("model", "zoo", "window", "1h", "class", "cat", "slice_class", "vip", "tier_1", "gold"))).isEqualTo(1);
    }

    @Test
    void aSliceWithAKeyNoLongerConfiguredIsCountedAsLeftOut() {
        source.view("zoo", 3_600_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1)
                .slice("zoo", Map.of("region", "eu"), 3_600_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1)
                .slice("zoo", Map.of("device", "phone", "region", "eu"), 3_600_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1);
        Scrape scrape = run(List.of("region"), 10_000);
        assertThat(scrape.named("confmon_accuracy_sliced")).hasSize(1);
        // accuracy, coverage, 4 class metrics, count and ratio of the one cell.
        assertThat(scrape.value("confmon_metrics_series_dropped", Map.of())).isEqualTo(8);
    }
}
