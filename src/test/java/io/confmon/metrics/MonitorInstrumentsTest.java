package io.confmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorInstrumentsTest {
    @Test
    void bindReturnsWhatTheMonitorClosesToRemoveItsMeters() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            FakeModelSource source = new FakeModelSource(60_000);
            List<AutoCloseable> closeables = new MonitorInstruments().bind(registry, source, null, Config.load(null, java.util.Map.of(), java.util.Map.of()));
            assertThat(closeables).first().isInstanceOf(ConfusionMeterBinder.class);
            assertThat(registry.scrape()).contains("confmon_metrics_series 2.0")
                    .contains("confmon_rocksdb_write_stall_warnings_total{store=\"join-entries\"}")
                    .contains("confmon_rocksdb_write_stall_warnings_total{store=\"buckets\"}");
            for (AutoCloseable c : closeables) c.close();
            assertThat(registry.getMeters()).isEmpty();
        } finally {
            registry.close();
        }
    }
}
