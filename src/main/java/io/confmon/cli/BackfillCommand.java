package io.confmon.cli;

import io.confmon.app.Config;
import io.confmon.time.Durations;
import io.confmon.backfill.AlertBacktest;
import io.confmon.backfill.AlertReport;
import io.confmon.backfill.BackfillConfig;
import io.confmon.backfill.BucketExtent;
import io.confmon.backfill.ClassRenames;
import io.confmon.backfill.HistoricalSnapshots;
import io.confmon.backfill.MatrixComparison;
import io.confmon.backfill.WhatIf;
import io.confmon.backfill.GaugeHistory;
import io.confmon.backfill.OutputFiles;
import io.confmon.backfill.PromTools;
import io.confmon.backfill.Replay;
import io.confmon.backfill.TimeArg;
import io.confmon.json.Json;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelSummary;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code confmon backfill}: replays the input topics through the live topology with an application
 * id of its own until it has read what they held when it started (a killed run is continued by the
 * next), showing progress, then prints each model's summary and writes what was asked for over
 * {@code --from}..{@code --to}. Results depend on event time only, so the buckets equal what live
 * processing built.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild historical matrices by replaying the input topics from the start.")
public final class BackfillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--output", paramLabel = "DIR", description = "Write <model>.json (matrix document over the range) and <model>.png per model.")
    Path output;

    @Option(names = "--from", paramLabel = "T", description = "Start of the range: epoch ms, ISO-8601, or a duration back from now (30d). Default: the first bucket.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the range, same forms. Default: the end of the last bucket (history and snapshots: the first step at or after it).")
    String to;

    @Option(names = "--openmetrics", paramLabel = "FILE",
            description = "Write the gauges the live monitor would have exported at every step of the range, in OpenMetrics text for promtool tsdb create-blocks-from openmetrics.")
    Path openMetrics;

    @Option(names = "--step", paramLabel = "DURATION", defaultValue = "1m", description = "With --openmetrics: the time between samples (default 1m).")
    String step;

    @Option(names = "--alerts", description = "Evaluate the alert rules over the backfilled gauges (promtool and a Prometheus started for it) and print when each alert would have fired.")
    boolean alerts;

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = "grafana/prometheus/confmon-rules.yml",
            description = "With --alerts: the Prometheus rule file, read as it is now (default grafana/prometheus/confmon-rules.yml).")
    Path rules;

    @Option(names = "--tsdb", paramLabel = "DIR", description = "With --alerts: keep the TSDB blocks (gauges, recording rules, ALERTS) in DIR, for a Prometheus to serve.")
    Path tsdb;

    @Option(names = "--compare", paramLabel = "URL",
            description = "Print the replayed matrix of each model next to the live one from a running monitor's HTTP API (e.g. http://localhost:8080), with the difference per cell.")
    String compare;

    @Option(names = "--snapshots", description = "Write the snapshots the live monitor would have written over the range (every snapshot.interval, each model and view) to the snapshots topic, timestamped at their window's end.")
    boolean snapshots;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Long fromMs = time("--from", from, clock);
        Long toMs = time("--to", to, clock);
        if (fromMs != null && toMs != null && fromMs >= toMs) throw new UsageError("--from must be before --to");
        long stepMs = stepMillis();
        if (alerts && !Files.isRegularFile(rules)) throw new UsageError("--rules: no such file '" + rules + "'");
        PromTools tools = alerts ? promTools() : null;
        Map<String, ClassRenames> renames;
        try {
            renames = WhatIf.takeRenames(options.settings);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--set " + e.getMessage());
        }
        if (snapshots && !renames.isEmpty()) throw new UsageError("--snapshots with renamed classes would put a what-if into the live snapshots topic: drop one of them");
        Config config = BackfillConfig.load(options::load, options.flags());
        MatrixReader reader = new MatrixReader(WhatIf.renamed(config.modelSettings(), renames), config.classesMax());
        PrintWriter out = spec.commandLine().getOut();
        try (Replay replay = Replay.run(config, out, System.console() != null)) {
            List<ModelSummary> summaries = summaries(replay);
            printSummaries(out, summaries);
            BucketRange range = fromMs == null && toMs == null ? BucketRange.ALL
                    : BucketRange.between(fromMs == null ? Long.MIN_VALUE / 4 : fromMs, toMs == null ? Long.MAX_VALUE / 4 : toMs, config.bucketMs());
            if (output != null || compare != null) matrices(out, replay, summaries, reader, renames, range);
            if (snapshots) writeSnapshots(out, replay, config, reader, fromMs, toMs);
            if (openMetrics != null || alerts) {
                Path file = openMetrics != null ? openMetrics : Files.createTempFile("confmon-backfill", ".om");
                try {
                    Optional<GaugeHistory.Steps> steps = writeOpenMetrics(out, replay, config, reader, renames, fromMs, toMs, stepMs, file);
                    if (alerts && steps.isPresent()) backtest(out, tools, file, steps.get());
                } finally {
                    if (openMetrics == null) Files.deleteIfExists(file);
                }
            }
            out.println("the replay's state stays in " + config.stateDir().resolve(config.applicationId())
                    + "; a second run continues it; serve it with: confmon run --application-id " + config.applicationId());
        }
        return ExitCodes.OK;
    }

    private long stepMillis() {
        try {
            long ms = Durations.parseMillis(step);
            if (ms <= 0) throw new IllegalArgumentException("'" + step + "' is not a positive duration");
            return ms;
        } catch (IllegalArgumentException e) {
            throw new UsageError("--step: " + e.getMessage());
        }
    }

    private static void writeSnapshots(PrintWriter out, Replay replay, Config config, MatrixReader reader, Long from, Long to) throws Exception {
        List<String> models = replay.local().models();
        Optional<BucketExtent> extent = BucketExtent.of(replay.buckets(), models, config.bucketMs());
        if (extent.isEmpty()) {
            out.println("no buckets replayed: no snapshots to write");
            return;
        }
        GaugeHistory.Steps steps = GaugeHistory.Steps.covering(from != null ? from : extent.get().from(),
                to != null ? to : extent.get().to() + config.snapshotIntervalMs() - 1, config.snapshotIntervalMs());
        long n = HistoricalSnapshots.write(config, replay.buckets(), reader, models, steps);
        out.printf("wrote %,d snapshots (%,d moments, every %s) to %s%n", n, steps.count(), config.get("snapshot.interval"), config.get("topics.snapshots"));
    }

    private static PromTools promTools() {
        try {
            return PromTools.find();
        } catch (IllegalStateException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private void backtest(PrintWriter out, PromTools tools, Path file, GaugeHistory.Steps steps) throws Exception {
        Path work = tsdb != null ? Files.createDirectories(tsdb) : Files.createTempDirectory("confmon-alerts");
        try {
            List<AlertBacktest.Episode> episodes = new AlertBacktest(tools, work).run(file, rules, steps);
            AlertReport.print(out, episodes, rules);
            if (tsdb != null) out.println("TSDB blocks (gauges, recording rules, ALERTS) in " + work.resolve("tsdb"));
        } finally {
            if (tsdb == null) OutputFiles.deleteTree(work);
        }
    }

    private Optional<GaugeHistory.Steps> writeOpenMetrics(PrintWriter out, Replay replay, Config config, MatrixReader reader,
                                                          Map<String, ClassRenames> renames, Long from, Long to, long stepMs,
                                                          Path file) throws Exception {
        List<String> models = replay.local().models();
        Optional<BucketExtent> extent = BucketExtent.of(replay.buckets(), models, config.bucketMs());
        if (extent.isEmpty() && (from == null || to == null)) {
            out.println("no buckets replayed: no gauge history (give --from and --to for a range anyway)");
            return Optional.empty();
        }
        GaugeHistory.Steps steps = GaugeHistory.Steps.covering(from != null ? from : extent.get().from(),
                to != null ? to : extent.get().to() + stepMs - 1, stepMs);
        long samples = GaugeHistory.writeOpenMetrics(replay.buckets(), models, config, renames, reader, steps, file);
        out.printf("wrote %,d samples at %,d steps of %s (%s .. %s) to %s%n", samples, steps.count(), step,
                Instant.ofEpochMilli(steps.first()), Instant.ofEpochMilli(steps.last()), file);
        return Optional.of(steps);
    }

    private static Long time(String option, String text, Clock clock) {
        if (text == null) return null;
        try {
            return TimeArg.parse(text, clock);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + ": " + e.getMessage());
        }
    }

    private static List<ModelSummary> summaries(Replay replay) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                List<ModelSummary> summaries = new ArrayList<>();
                for (String model : replay.local().models()) summaries.add(replay.local().summary(model));
                return summaries;
            } catch (NotReadyException e) {
                if (attempt > 60) throw e;
                Thread.sleep(500);
            }
        }
    }

    private static void printSummaries(PrintWriter out, List<ModelSummary> summaries) {
        out.printf("%-24s %10s %10s %10s %10s %12s%n", "model", "joined", "pending", "expired", "dead", "total weight");
        for (ModelSummary s : summaries) {
            out.printf("%-24s %,10d %,10d %,10d %,10d %,12.1f%n", s.model(), s.joined(), s.pending(), s.expired(), s.deadLetters(), s.total());
        }
    }

    private void matrices(PrintWriter out, Replay replay, List<ModelSummary> summaries, MatrixReader reader,
                          Map<String, ClassRenames> renames, BucketRange range) throws Exception {
        for (ModelSummary s : summaries) {
            ModelView view = WhatIf.read(replay.buckets(), reader, s.model(), range, renames.getOrDefault(s.model(), ClassRenames.NONE));
            MatrixDocument doc = MatrixDocument.of(s.model(), range.from(), range.to(), view.matrix(), Normalization.TRUE)
                    .withExpected(view.matrix(), view.expected(), view.expectedLabelled());
            if (output != null) {
                OutputFiles.write(OutputFiles.forModel(output, s.model(), ".json"), Json.MAPPER.writeValueAsBytes(doc));
                OutputFiles.write(OutputFiles.forModel(output, s.model(), ".png"), HeatmapRenderer.png(doc, HeatmapOptions.defaults()));
            }
            if (compare != null) {
                MatrixComparison.print(out, s.model(), view.matrix(), MatrixComparison.live(compare, s.model(), range.from(), range.to()));
            }
        }
        if (output != null) out.println("wrote " + summaries.size() + " matrix documents and heatmaps to " + output);
    }
}
