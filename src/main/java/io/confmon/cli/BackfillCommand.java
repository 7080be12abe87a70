package io.confmon.cli;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.json.Json;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelSummary;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code confmon backfill}: replays the input topics from the earliest offsets with an application
 * id of its own until it has read what they held when it started, showing progress, then prints
 * each model's summary and (with {@code --output}) writes its matrix documents and heatmaps.
 * Results depend on event time only, so the buckets equal what live processing built.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild historical matrices by replaying the input topics from the start.")
public final class BackfillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--output", paramLabel = "DIR", description = "Write <model>.json (matrix document) and <model>.png per model.")
    Path output;

    @Option(names = "--from", paramLabel = "EPOCH_MS", description = "With --output: the range's start (default: all retained).")
    Long from;

    @Option(names = "--to", paramLabel = "EPOCH_MS", description = "With --output: the range's end.")
    Long to;

    @Override
    public Integer call() throws Exception {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("application.id", "confmon-backfill-" + System.currentTimeMillis());
        defaults.put("http.port", "0");
        Config config = options.load(defaults);
        PrintWriter out = spec.commandLine().getOut();
        List<String> inputs = List.of(config.get("topics.predictions"), config.get("topics.labels"));
        List<String> outputs = List.of(config.get("topics.dlq"), config.get("topics.snapshots"));
        TopicSetup.create(config.kafkaProperties(), outputs, 1, java.util.Set.copyOf(outputs));
        Map<TopicPartition, Long> ends = endOffsets(config, inputs);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        out.printf("backfill %s: replaying %,d records of %s from the start%n", config.applicationId(), total, inputs);
        out.flush();
        try (Monitor monitor = Monitor.start(config, new MonitorInstruments());
             Admin admin = Admin.create(config.kafkaProperties())) {
            long started = System.nanoTime();
            while (true) {
                if (monitor.failed()) throw new IllegalStateException("the replay failed", monitor.failure());
                long done = committed(admin, config.applicationId(), ends);
                out.printf("\r  %,d of %,d records (%.0f%%), %.0f s", done, total, total == 0 ? 100.0 : 100.0 * done / total,
                        (System.nanoTime() - started) / 1e9);
                out.flush();
                if (done >= total && monitor.ready()) break;
                Thread.sleep(Duration.ofSeconds(1).toMillis());
            }
            out.println();
            // One more flush interval so the last deltas reach the buckets.
            Thread.sleep(Math.max(1_000, 3 * config.flushIntervalMs()));
            report(out, monitor, config);
        }
        return ExitCodes.OK;
    }

    private void report(PrintWriter out, Monitor monitor, Config config) throws Exception {
        List<ModelSummary> summaries = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            try {
                for (String model : monitor.local().models()) summaries.add(monitor.local().summary(model));
                break;
            } catch (NotReadyException e) {
                if (attempt > 30) throw e;
                Thread.sleep(1_000);
            }
        }
        out.printf("%-24s %10s %10s %10s %10s %12s%n", "model", "joined", "pending", "expired", "dead", "total weight");
        for (ModelSummary s : summaries) {
            out.printf("%-24s %,10d %,10d %,10d %,10d %,12.1f%n", s.model(), s.joined(), s.pending(), s.expired(), s.deadLetters(), s.total());
        }
        if (output != null) {
            Files.createDirectories(output);
            BucketRange range = from == null && to == null ? BucketRange.ALL
                    : BucketRange.between(from == null ? Long.MIN_VALUE / 4 : from, to == null ? Long.MAX_VALUE / 4 : to, config.bucketMs());
            for (ModelSummary s : summaries) {
                ModelView view = monitor.local().view(s.model(), range, Map.of());
                MatrixDocument doc = MatrixDocument.of(s.model(), range.from(), range.to(), view.matrix(), Normalization.TRUE);
                String file = s.model().replaceAll("[^A-Za-z0-9._-]", "_");
                Files.write(output.resolve(file + ".json"), Json.MAPPER.writeValueAsBytes(doc));
                Files.write(output.resolve(file + ".png"), HeatmapRenderer.png(doc, HeatmapOptions.defaults()));
            }
            out.println("wrote " + summaries.size() + " matrix documents and heatmaps to " + output);
        }
        out.println("the state stays in " + config.stateDir() + "; serve it with: confmon run --application-id " + config.applicationId());
    }

    private static Map<TopicPartition, Long> endOffsets(Config config, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /** Input records the application has committed, capped at the end offsets taken at the start. */
    private static long committed(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(Set.copyOf(ends.keySet()))))
                .partitionsToOffsetAndMetadata(group).get(30, TimeUnit.SECONDS);
        long done = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata o = offsets.get(e.getKey());
            done += o == null ? 0 : Math.min(o.offset(), e.getValue());
        }
        return done;
    }
}
