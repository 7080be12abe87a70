package io.confmon.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.metrics.GaugeValues;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * "Would our alert rules have caught it?": the backfilled gauges become TSDB blocks (promtool),
 * the rule file's recording rules are evaluated over the past level by level by promtool against a
 * Prometheus started on those blocks, and each alerting rule's expression is queried over the range
 * at every step, with its {@code for:} applied as Prometheus applies it (active from the first step
 * its expression has the series, firing once active for {@code for}, reset by a step without it).
 * The firings also go into the TSDB as {@code ALERTS} series, so the past can be queried like a
 * live Prometheus' alert history.
 */
public final class AlertBacktest {
    /** One alert of one series from pending to resolved; {@code firedAt} null when it never fired. */
    public record Episode(String alert, Map<String, String> labels, long activeAt, Long firedAt, double valueAtFiring, Long resolvedAt) {}

    private final PromTools tools;
    private final Path work;
    private final Path data;

    /** @param work a folder of its own: the TSDB goes to {@code work/tsdb} */
    public AlertBacktest(PromTools tools, Path work) {
        this.tools = tools;
        this.work = work;
        this.data = work.resolve("tsdb");
    }

    public Path tsdb() {
        return data;
    }

    /** Loads the gauges, the recording rules and the alerts' {@code ALERTS} series into {@link #tsdb()}; returns every episode. */
    public List<Episode> run(Path openMetrics, Path rulesFile, GaugeHistory.Steps steps) throws IOException, InterruptedException {
        RuleFile rules = RuleFile.read(rulesFile);
        Files.createDirectories(data);
        tools.blocksFromOpenMetrics(openMetrics, data);
        List<List<RuleFile.Recording>> levels = rules.levels();
        for (int i = 0; i < levels.size(); i++) {
            Path file = work.resolve("rules-level-" + i + ".yml");
            RuleFile.write(levels.get(i), file);
            Path blocks = work.resolve("rules-level-" + i);
            try (PrometheusProcess prometheus = PrometheusProcess.start(tools.prometheus(), data, work.resolve("prometheus"))) {
                tools.blocksFromRules(file, prometheus.url(), steps.first(), steps.last(), steps.stepMs(), blocks);
            }
            moveBlocks(blocks, data);
        }
        List<Episode> episodes = new ArrayList<>();
        try (PrometheusProcess prometheus = PrometheusProcess.start(tools.prometheus(), data, work.resolve("prometheus"))) {
            for (RuleFile.Alerting alert : rules.alerts()) {
                JsonNode series = prometheus.queryRange(alert.expr(), steps.first(), steps.last(), steps.stepMs());
                for (JsonNode s : series) episodes.addAll(episodes(alert, s, steps.stepMs()));
            }
        }
        episodes.sort(Comparator.comparingLong(Episode::activeAt).thenComparing(Episode::alert).thenComparing(e -> e.labels().toString()));
        writeAlertsSeries(episodes, steps);
        return episodes;
    }

    /** Prometheus' {@code for:}: active from the first step with a value, firing once active that long, ended by a step without one. */
    static List<Episode> episodes(RuleFile.Alerting alert, JsonNode series, long stepMs) {
        Map<String, String> labels = new TreeMap<>();
        series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.remove("__name__");
        labels.putAll(alert.labels());
        labels.put("alertname", alert.alert());
        List<Episode> out = new ArrayList<>();
        Long activeAt = null;
        Long firedAt = null;
        double value = Double.NaN;
        long previous = Long.MIN_VALUE;
        for (JsonNode point : series.path("values")) {
            long t = Math.round(point.get(0).asDouble() * 1000);
            double v = Double.parseDouble(point.get(1).asText());
            if (activeAt != null && t - previous > stepMs) {
                out.add(new Episode(alert.alert(), labels, activeAt, firedAt, value, previous + stepMs));
                activeAt = null;
                firedAt = null;
            }
            if (activeAt == null) activeAt = t;
            if (firedAt == null && t - activeAt >= alert.forMs()) {
                firedAt = t;
                value = v;
            }
            previous = t;
        }
        if (activeAt != null) out.add(new Episode(alert.alert(), labels, activeAt, firedAt, value, null));
        return out;
    }

    private void writeAlertsSeries(List<Episode> episodes, GaugeHistory.Steps steps) throws IOException, InterruptedException {
        TreeMap<Long, List<GaugeValues.Sample>> byTime = new TreeMap<>();
        for (Episode e : episodes) {
            long end = e.resolvedAt() == null ? steps.last() + steps.stepMs() : e.resolvedAt();
            for (long t = e.activeAt(); t < end; t += steps.stepMs()) {
                boolean firing = e.firedAt() != null && t >= e.firedAt();
                List<String> names = new ArrayList<>(List.of("alertname", "alertstate"));
                List<String> values = new ArrayList<>(List.of(e.alert(), firing ? "firing" : "pending"));
                e.labels().forEach((k, v) -> {
                    if (!k.equals("alertname")) {
                        names.add(k);
                        values.add(v);
                    }
                });
                byTime.computeIfAbsent(t, x -> new ArrayList<>()).add(new GaugeValues.Sample("ALERTS",
                        "Alerts active in the backfill's evaluation of the rules", names, values, 1));
            }
        }
        if (byTime.isEmpty()) return;
        Path spool = Files.createDirectories(work.resolve("alerts-spool"));
        Path file = work.resolve("alerts.om");
        try (OpenMetricsWriter writer = new OpenMetricsWriter(spool)) {
            for (Map.Entry<Long, List<GaugeValues.Sample>> e : byTime.entrySet()) writer.add(e.getKey(), e.getValue());
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.finish(out);
            }
        }
        tools.blocksFromOpenMetrics(file, data);
    }

    private static void moveBlocks(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> blocks = Files.list(from)) {
            for (Path b : blocks.toList()) {
                if (Files.exists(b.resolve("meta.json"))) Files.move(b, to.resolve(b.getFileName()));
            }
        }
    }
}
