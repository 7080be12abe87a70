package io.confmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.confmon.app.Config;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ClassMetrics;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixMetrics;
import io.confmon.matrix.Metrics;
import io.confmon.matrix.Weights;
import io.confmon.topology.PipelineCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binder against a real Prometheus registry, its state a {@link FakeModelSource}. */
class ConfusionMeterBinderTest {
    static final long BUCKET = 60_000;
    static final List<Config.View> VIEWS = List.of(new Config.View("5m", 300_000), new Config.View("1h", 3_600_000),
            new Config.View("24h", 86_400_000));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-22T08:30:00Z"), ZoneOffset.UTC);

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final FakeModelSource source = new FakeModelSource(BUCKET);
    ConfusionMeterBinder binder;

    @AfterEach
    void close() {
        if (binder != null) binder.close();
        registry.close();
    }

    static MetricsSettings settings(List<Config.View> views, List<String> sliceKeys, int cellsMax, int topPairs, double minSupport, int maxSeries) {
        return new MetricsSettings(views, BUCKET, sliceKeys, cellsMax, topPairs, minSupport, maxSeries, Duration.ZERO);
    }

    static MetricsSettings defaults() {
        return settings(VIEWS, List.of(), 20, 50, MetricsSettings.DEFAULT_MIN_PAIR_SUPPORT, 10_000);
    }

    Scrape bindAndScrape(MetricsSettings settings) {
        binder = new ConfusionMeterBinder(source, settings, CLOCK);
        binder.bindTo(registry);
        binder.refresh();
        return scrape();
    }

    Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    /** A matrix from rows of whole counts, rows = actual, columns = predicted. */
    static ConfusionMatrix matrix(List<String> classes, long[][] rows) {
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(classes));
        for (int a = 0; a < rows.length; a++) {
            for (int p = 0; p < rows[a].length; p++) m.add(a, p, rows[a][p] * Weights.ONE);
        }
        return m;
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static final List<String> ANIMALS = List.of("cat", "dog", "fox");

    void threeClassModel() {
        ConfusionMatrix shortView = matrix(ANIMALS, new long[][] {{3, 1, 0}, {0, 2, 2}, {0, 0, 0}});
        ConfusionMatrix hour = matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}});
        ConfusionMatrix day = matrix(ANIMALS, new long[][] {{80, 10, 10}, {5, 90, 5}, {2, 2, 40}});
        source.view("zoo", 300_000, shortView, 10, 8)
                .view("zoo", 3_600_000, hour, 40, 24)
                .view("zoo", 86_400_000, day, 400, 244)
                .totals("zoo", Map.of(PipelineCounter.JOINED, 244L, PipelineCounter.EXPIRED, 3L, PipelineCounter.ORPHAN_EXPIRED, 2L,
                        PipelineCounter.LATE, 1L, PipelineCounter.DUPLICATE, 7L, PipelineCounter.CORRECTION, 4L,
                        PipelineCounter.DEAD_LETTER, 9L, PipelineCounter.PENDING, 156L));
    }

    @Test
    void scrapeHasEveryCellRatioClassMetricAndAccuracyOfEachView() {
        threeClassModel();
        Scrape scrape = bindAndScrape(defaults());

        ConfusionMatrix hour = matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}});
        for (int a = 0; a < 3; a++) {
            for (int p = 0; p < 3; p++) {
                Map<String, String> cell = labels("model", "zoo", "window", "1h", "actual", ANIMALS.get(a), "predicted", ANIMALS.get(p));
                double count = hour.weight(a, p);
                double row = Weights.toWeight(hour.rowUnits(a));
                assertThat(scrape.value("confmon_confusion", cell)).isEqualTo(count);
                assertThat(scrape.value("confmon_confusion_ratio", cell)).isCloseTo(count / row, within(1e-12));
            }
        }
        assertThat(scrape.value("confmon_confusion_ratio", labels("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog")))
                .isEqualTo(0.2);
        // An empty row's ratio is 0, as the contract's normalized cells are.
        assertThat(scrape.value("confmon_confusion_ratio", labels("model", "zoo", "window", "5m", "actual", "fox", "predicted", "fox")))
                .isZero();
        assertThat(scrape.named("confmon_confusion")).hasSize(27);
        assertThat(scrape.named("confmon_confusion_ratio")).hasSize(27);

        MatrixMetrics expected = Metrics.of(hour);
        assertThat(scrape.value("confmon_accuracy", labels("model", "zoo", "window", "1h"))).isEqualTo(expected.accuracy());
        for (String c : ANIMALS) {
            ClassMetrics cm = expected.perClass().get(c);
            Map<String, String> cls = labels("model", "zoo", "window", "1h", "class", c);
            assertThat(scrape.value("confmon_class_precision", cls)).isEqualTo(cm.precision());
            assertThat(scrape.value("confmon_class_recall", cls)).isEqualTo(cm.recall());
            assertThat(scrape.value("confmon_class_f1", cls)).isEqualTo(cm.f1());
            assertThat(scrape.value("confmon_class_support", cls)).isEqualTo(cm.support());
        }
        assertThat(scrape.named("confmon_class_support")).hasSize(9);
        assertThat(scrape.value("confmon_label_coverage", labels("model", "zoo", "window", "1h"))).isEqualTo(0.6);
        assertThat(scrape.value("confmon_label_coverage", labels("model", "zoo", "window", "24h"))).isEqualTo(0.61);
    }

    @Test
    void pipelineCountersAndPendingReadTheModelTotals() {
        threeClassModel();
        Scrape scrape = bindAndScrape(defaults());
        Map<String, String> zoo = labels("model", "zoo");
        assertThat(scrape.value("confmon_joined_total", zoo)).isEqualTo(244);
        assertThat(scrape.value("confmon_expired_total", zoo)).isEqualTo(3);
        assertThat(scrape.value("confmon_orphan_expired_total", zoo)).isEqualTo(2);
        assertThat(scrape.value("confmon_late_total", zoo)).isEqualTo(1);
        assertThat(scrape.value("confmon_duplicate_total", zoo)).isEqualTo(7);
        assertThat(scrape.value("confmon_correction_total", zoo)).isEqualTo(4);
        assertThat(scrape.value("confmon_pending", zoo)).isEqualTo(156);
        assertThat(scrape.text()).contains("# TYPE confmon_joined_total counter");

        source.totals("zoo", Map.of(PipelineCounter.JOINED, 250L, PipelineCounter.PENDING, 150L));
        binder.refresh();
        assertThat(scrape().value("confmon_joined_total", zoo)).isEqualTo(250);
        assertThat(scrape().value("confmon_pending", zoo)).isEqualTo(150);
    }

    @Test
    void aSeriesThatStaysIsTheSameMeterAcrossRefreshesSoNoScrapeCanMissIt() {
        threeClassModel();
        bindAndScrape(defaults());
        Gauge before = registry.find("confmon_confusion").tags("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog").gauge();
        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{8, 7, 0}, {0, 5, 5}, {1, 0, 3}}), 40, 24);
        binder.refresh();
        Gauge after = registry.find("confmon_confusion").tags("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog").gauge();
        assertThat(after).isSameAs(before);
        assertThat(after.value()).isEqualTo(7);
    }

    @Test
    void anEmptyViewHasNoAccuracyAndNoCoverageRatherThanZero() {
        ConfusionMatrix empty = new ConfusionMatrix(ClassIndex.of(ANIMALS));
        source.view("quiet", 300_000, empty, 0, 0).view("quiet", 3_600_000, empty, 0, 0).view("quiet", 86_400_000, empty, 0, 0);
        Scrape scrape = bindAndScrape(defaults());
        assertThat(scrape.named("confmon_accuracy")).isEmpty();
        assertThat(scrape.named("confmon_label_coverage")).isEmpty();
        assertThat(scrape.named("confmon_class_support")).hasSize(9).allMatch(s -> s.value() == 0);
    }

    @Test
    void aPairThatLeavesTheTopPairsLeavesTheScrape() {
        List<Config.View> hourOnly = List.of(new Config.View("1h", 3_600_000));
        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{5, 5, 0}, {0, 9, 1}, {0, 0, 10}}), 30, 30);
        // Three classes over a cap of two: the matrix is exported as its single most confused pair.
        Scrape before = bindAndScrape(settings(hourOnly, List.of(), 2, 1, 1, 10_000));
        Map<String, String> catDog = labels("model", "zoo", "window", "1h", "actual", "cat", "predicted", "dog");
        Map<String, String> dogFox = labels("model", "zoo", "window", "1h", "actual", "dog", "predicted", "fox");
        assertThat(before.value("confmon_confusion_ratio", catDog)).isEqualTo(0.5);
        assertThat(before.named("confmon_confusion_ratio")).hasSize(1);

        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{9, 1, 0}, {0, 4, 6}, {0, 0, 10}}), 30, 30);
        binder.refresh();
        Scrape after = scrape();
        assertThat(after.find("confmon_confusion_ratio", catDog)).isEmpty();
        assertThat(after.find("confmon_confusion", catDog)).isEmpty();
        assertThat(after.value("confmon_confusion_ratio", dogFox)).isEqualTo(0.6);
        assertThat(after.named("confmon_confusion_ratio")).hasSize(1);
        assertThat(after.text()).doesNotContain("actual=\"cat\",model=\"zoo\",predicted=\"dog\"");
    }

    @Test
    void aPairRisingInTheShortViewKeepsItsLongViewBaselineForTheAlert() {
        List<Config.View> shortAndLong = List.of(new Config.View("1h", 3_600_000), new Config.View("24h", 86_400_000));
        source.view("zoo", 3_600_000, matrix(ANIMALS, new long[][] {{5, 5, 0}, {0, 9, 1}, {0, 0, 10}}), 30, 30)
                .view("zoo", 86_400_000, matrix(ANIMALS, new long[][] {{95, 5, 0}, {0, 70, 30}, {0, 0, 100}}), 300, 300);
        Scrape scrape = bindAndScrape(settings(shortAndLong, List.of(), 2, 1, 1, 10_000));
        // cat -> dog is the hour's top pair but not the day's; the rule needs both views of it.
        for (String window : List.of("1h", "24h")) {
            assertThat(scrape.find("confmon_confusion_ratio", labels("model", "zoo", "window", window, "actual", "cat", "predicted", "dog")))
                    .as(window).isPresent();
            assertThat(scrape.find("confmon_confusion_ratio", labels("model", "zoo", "window", window, "actual", "dog", "predicted", "fox")))
                    .as(window).isPresent();
        }
        assertThat(scrape.value("confmon_confusion_ratio", labels("model", "zoo", "window", "24h", "actual", "cat", "predicted", "dog")))
                .isEqualTo(0.05);
    }

    @Test
    void aThousandClassesStayUnderTheCapWithTheTopConfusedPairsPresent() {
        int k = 1000;
        List<String> names = java.util.stream.IntStream.range(0, k).mapToObj(i -> "c" + i).toList();
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(names));
        for (int i = 0; i < k; i++) m.add(i, i, 100 * Weights.ONE);
        // 60 planted confusions, class 10+i sending 60-i rows of its 160 to class 500+i: the 50 largest are i < 50.
        for (int i = 0; i < 60; i++) m.add(10 + i, 500 + i, (60 - i) * Weights.ONE);
        // Noise: a class seen twice, both times confused. Ratio 1, but too few rows to rank.
        ConfusionMatrix noisy = new ConfusionMatrix(ClassIndex.of(names));
        noisy.merge(m);
        noisy.retract(999, 999, 100 * Weights.ONE);
        noisy.add(999, 0, 2 * Weights.ONE);
        for (Config.View v : VIEWS) source.view("big", v.millis(), noisy, 200_000, 100_000);
        source.totals("big", Map.of(PipelineCounter.JOINED, 100_000L));

        Scrape scrape = bindAndScrape(defaults());

        long dataSeries = scrape.samples().stream().filter(s -> s.name().startsWith("confmon_")
                && !s.name().startsWith("confmon_metrics_")).count();
        assertThat(dataSeries + 2).isLessThanOrEqualTo(10_000);
        assertThat(binder.exportedSeries()).isEqualTo(dataSeries + 2).isLessThanOrEqualTo(10_000);
        for (String window : List.of("5m", "1h", "24h")) {
            for (int i = 0; i < 50; i++) {
                Map<String, String> pair = labels("model", "big", "window", window, "actual", "c" + (10 + i), "predicted", "c" + (500 + i));
                assertThat(scrape.value("confmon_confusion_ratio", pair)).isCloseTo((60.0 - i) / (160 - i), within(1e-12));
                assertThat(scrape.value("confmon_class_support", labels("model", "big", "window", window, "class", "c" + (10 + i))))
                        .isEqualTo(160 - i);
            }
            assertThat(scrape.find("confmon_confusion_ratio", labels("model", "big", "window", window, "actual", "c60", "predicted", "c550")))
                    .isEmpty();
            assertThat(scrape.find("confmon_confusion_ratio", labels("model", "big", "window", window, "actual", "c999", "predicted", "c0")))
                    .isEmpty();
        }
        assertThat(scrape.named("confmon_confusion_ratio")).hasSize(150);
        assertThat(scrape.value("confmon_accuracy", labels("model", "big", "window", "1h"))).isEqualTo(Metrics.of(noisy).accuracy());
        assertThat(scrape.value("confmon_joined_total", labels("model", "big"))).isEqualTo(100_000);

        // Offered: 13 headline series (pending, 6 counters, accuracy and coverage per view),
        // 12 per class (4 metrics x 3 views), 6 per top pair (count and ratio x 3 views).
        int offered = 13 + k * 12 + 50 * 6;
        assertThat(scrape.value("confmon_metrics_series_dropped", Map.of())).isEqualTo(offered - dataSeries);
        assertThat(binder.leftOutSeries()).isPositive().isEqualTo((int) (offered - dataSeries));
        assertThat(scrape.value("confmon_metrics_series", Map.of())).isEqualTo(dataSeries + 2);
    }

    @Test
    void theDroppedGaugeCountsWhatTheCapLeavesOutAndFallsBackWhenItFits() {
        threeClassModel();
        // 13 headline + 3 classes x 12 + 9 cells x 6 = 103 series; a cap of 60 (58 after the binder's own two).
        Scrape capped = bindAndScrape(settings(VIEWS, List.of(), 20, 50, 1, 60));
        long data = capped.samples().stream().filter(s -> s.name().startsWith("confmon_") && !s.name().startsWith("confmon_metrics_")).count();
        assertThat(data).isLessThanOrEqualTo(58);
        assertThat(capped.value("confmon_metrics_series_dropped", Map.of())).isEqualTo(103 - data);
        // The headline and the most confused pair came first.
        assertThat(capped.find("confmon_joined_total", labels("model", "zoo"))).isPresent();
        assertThat(capped.find("confmon_accuracy", labels("model", "zoo", "window", "24h"))).isPresent();
        assertThat(capped.find("confmon_confusion_ratio", labels("model", "zoo", "window", "1h", "actual", "dog", "predicted", "fox"))).isPresent();

        source.forget("zoo");
        source.view("zoo", 300_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1)
                .view("zoo", 3_600_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1)
                .view("zoo", 86_400_000, matrix(List.of("a"), new long[][] {{1}}), 1, 1);
        binder.refresh();
        assertThat(scrape().value("confmon_metrics_series_dropped", Map.of())).isZero();
    }

    @Test
    void whileTheStateRestoresTheLastSnapshotStaysAndAModelThatMovedAwayIsRemoved() {
        threeClassModel();
        bindAndScrape(defaults());
        source.ready(false);
        binder.refresh();
        Scrape during = scrape();
        assertThat(during.value("confmon_joined_total", labels("model", "zoo"))).isEqualTo(244);
        assertThat(during.named("confmon_confusion")).hasSize(27);

        source.ready(true);
        source.forget("zoo");
        binder.refresh();
        Scrape after = scrape();
        assertThat(after.count("confmon_")).isEqualTo(2);
        assertThat(after.value("confmon_metrics_series", Map.of())).isEqualTo(2);
    }

    @Test
    void closeRemovesEveryMeterTheBinderRegistered() {
        threeClassModel();
        bindAndScrape(defaults());
        binder.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(scrape().samples()).isEmpty();
    }

    @Test
    void theScheduledRefreshReadsTheStateWithoutAnyCallAndStopsOnClose() throws Exception {
        threeClassModel();
        binder = new ConfusionMeterBinder(source, defaults().withRefreshEvery(Duration.ofMillis(20)), CLOCK);
        binder.bindTo(registry);
        assertThat(source.awaitFirstRefreshDone(Duration.ofSeconds(10))).isTrue();
        assertThat(scrape().value("confmon_joined_total", labels("model", "zoo"))).isEqualTo(244);
        binder.close();
        int reads = source.reads.get();
        Thread.sleep(100);
        assertThat(source.reads.get()).isEqualTo(reads);
        assertThat(registry.getMeters()).isEmpty();
    }
}
