package io.confmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.RejectReason;
import io.confmon.topology.Listeners;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counters whose label values are known before anything happens exist at 0 from the start, so
 * that {@code increase()} sees their first increment (grafana/prometheus/dead-letters-first-burst.test.yml
 * shows what that changes for ConfmonDeadLetters): dead letters for every input topic and reason,
 * and the pipeline counters of every configured model this instance holds, before it has state.
 */
class KnownLabelsStartAtZeroTest {
    @Test
    void deadLettersOfEveryInputTopicAndReasonAreZeroBeforeTheFirst() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Listeners listeners = new MonitorInstruments().listeners(registry, List.of("predictions", "labels"));

        String scrape = registry.scrape();
        for (String topic : List.of("predictions", "labels")) {
            for (RejectReason reason : RejectReason.values()) {
                assertThat(scrape).contains("confmon_dead_letters_total{reason=\"" + reason.code() + "\",topic=\"" + topic + "\"} 0.0");
            }
        }
        listeners.deadLetter("labels", "bad_timestamp");
        assertThat(registry.scrape()).contains("confmon_dead_letters_total{reason=\"bad_timestamp\",topic=\"labels\"} 1.0")
                .contains("confmon_dead_letters_total{reason=\"malformed\",topic=\"labels\"} 0.0");
        registry.close();
    }

    @Test
    void pipelineCountersOfAConfiguredModelAreZeroBeforeItHasState() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FakeModelSource noState = new FakeModelSource(ConfusionMeterBinderTest.BUCKET);
        try (ConfusionMeterBinder binder = new ConfusionMeterBinder(noState, ConfusionMeterBinderTest.defaults(),
                ConfusionMeterBinderTest.CLOCK, () -> List.of("fashion"))) {
            binder.bindTo(registry);
            binder.refresh();

            String scrape = registry.scrape();
            for (Metric counter : Metric.PIPELINE_COUNTERS) {
                assertThat(scrape).contains(counter.prometheusName() + "_total{model=\"fashion\"} 0.0");
            }
            assertThat(scrape).contains("confmon_pending{model=\"fashion\"} 0.0")
                    .as("no matrix gauges without a matrix").doesNotContain("confmon_confusion{");
        }
        registry.close();
    }
}
