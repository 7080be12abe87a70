package io.confmon.metrics;

import static io.confmon.metrics.ConfusionMeterBinderTest.ANIMALS;
import static io.confmon.metrics.ConfusionMeterBinderTest.BUCKET;
import static io.confmon.metrics.ConfusionMeterBinderTest.CLOCK;
import static io.confmon.metrics.ConfusionMeterBinderTest.VIEWS;
import static io.confmon.metrics.ConfusionMeterBinderTest.matrix;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.Config;
import io.confmon.testing.OutsideTools;
import io.confmon.topology.Listeners;
import io.confmon.topology.PipelineCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Everything the monitor's instruments export, sliced series and listeners included, passes {@code promtool check metrics}. */
class ScrapeLintTest {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final FakeModelSource source = new FakeModelSource(BUCKET);
    ConfusionMeterBinder binder;

    @AfterEach
    void close() {
        if (binder != null) binder.close();
        registry.close();
    }

    @Test
    void theWholeScrapePassesPromtool() throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        String scrape = fullScrape();
        java.nio.file.Files.writeString(Path.of("/tmp/confmon-scrape.txt"), scrape);

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n%s\non this scrape:\n%s", report, scrape).isZero();
        assertThat(report).as("promtool's remarks").isBlank();
    }

    @Test
    void everyExportedNameHasHelpAndTheContractsSuffixes() {
        Scrape scrape = Scrape.parse(fullScrape());
        for (Scrape.Sample s : scrape.samples()) {
            String family = s.name().replaceAll("_(bucket|count|sum|max)$", "");
            assertThat(scrape.text()).as("HELP of %s", s.name()).containsPattern("(?m)^# HELP " + family + " \\S");
        }
        assertThat(scrape.text())
                .contains("# TYPE confmon_dead_letters_total counter")
                .contains("# TYPE confmon_joined_total counter")
                .contains("# TYPE confmon_confusion gauge")
                .contains("# TYPE confmon_label_delay_seconds histogram")
                .doesNotContain("confmon_dead_letters_total_total")
                .doesNotContain("confmon_label_delay_seconds_seconds");
        assertThat(scrape.value("confmon_dead_letters_total", Map.of("topic", "predictions", "reason", "malformed"))).isEqualTo(2);
    }

    /** A sliced model with every kind of series, and both listeners fired. */
    private String fullScrape() {
        for (Config.View v : VIEWS) {
            source.view("zoo", v.millis(), matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 5, 5}, {1, 0, 3}}), 40, 24)
                    .slice("zoo", Map.of("region", "eu"), v.millis(), matrix(ANIMALS, new long[][] {{8, 2, 0}, {0, 0, 0}, {1, 0, 3}}), 20, 14)
                    .slice("zoo", Map.of("device", "phone", "region", "us"), v.millis(), matrix(List.of("dog", "fox"), new long[][] {{5, 5}, {0, 0}}), 15, 10)
                    .slice("zoo", Map.of(), v.millis(), matrix(List.of("dog"), new long[][] {{0}}), 5, 0);
        }
        source.totals("zoo", Map.of(PipelineCounter.JOINED, 24L, PipelineCounter.PENDING, 16L));
        MetricsSettings settings = new MetricsSettings(VIEWS, BUCKET, List.of("region", "device"), 20, 50, 1, 10_000, Duration.ZERO);
        binder = new ConfusionMeterBinder(source, settings, CLOCK);
        binder.bindTo(registry);
        binder.refresh();
        Listeners listeners = new MonitorInstruments().listeners(registry);
        listeners.deadLetter("predictions", "malformed");
        listeners.deadLetter("predictions", "malformed");
        listeners.deadLetter("labels", "bad_timestamp");
        listeners.labelJoined("zoo", 420_000);
        return registry.scrape();
    }
}
