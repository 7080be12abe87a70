package io.confmon.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.confmon.json.Json;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import io.confmon.topology.SnapshotSource;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots topic's records (the contract's Snapshots): for each model and rolling view, keyed
 * {@code model|window}, JSON {@code {"model", "window", "ts", "matrix": <matrix document>, "cells":
 * [...]}} plus {@code "heatmap": "<svg...>"} when {@code snapshot.heatmap=svg}. {@code cells} is the
 * matrix's non-zero cells as flat rows, which Grafana's JSON and Kafka data sources read directly.
 *
 * <p>A snapshot larger than the producer may send (its {@code max.request.size}: about 300 classes
 * at the default 1 MiB) would fail the stream thread, so it is left out, with a warning once per
 * model and view; gauges and the HTTP API still serve that model.
 */
public final class SnapshotWriter implements SnapshotSource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    /** Room for the key, headers and the record batch's own bytes inside {@code max.request.size}. */
    private static final int HEADROOM = 16 * 1024;

    /** One snapshot record's value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Snapshot(String model, String window, long ts, MatrixDocument matrix, List<Cell> cells, String heatmap) {}

    /** A non-zero cell: weighted count and its share of the actual row. */
    record Cell(String actual, String predicted, double count, Double ratio, @JsonInclude(JsonInclude.Include.NON_NULL) Double expected) {}

    private final MatrixReader reader;
    private final List<Config.View> views;
    private final long bucketMs;
    private final boolean svgHeatmap;
    private final int maxBytes;
    private final Set<String> tooLargeWarned = new HashSet<>();

    SnapshotWriter(MatrixReader reader, List<Config.View> views, long bucketMs, boolean svgHeatmap, int maxBytes) {
        this.reader = reader;
        this.views = views;
        this.bucketMs = bucketMs;
        this.svgHeatmap = svgHeatmap;
        this.maxBytes = maxBytes;
    }

    /** The writer the configuration asks for; {@code snapshot.format=avro} is refused until it exists. */
    public static SnapshotWriter of(MatrixReader reader, Config config) {
        if (config.snapshotFormat() != Config.SnapshotFormat.JSON) {
            throw new ConfigException("snapshot.format=" + config.get("snapshot.format")
                    + " is not supported yet: snapshots are written as JSON (snapshot.format=json)");
        }
        return new SnapshotWriter(reader, config.views(), config.bucketMs(),
                config.snapshotHeatmap() == Config.SnapshotHeatmap.SVG, maxRequestSize(config) - HEADROOM);
    }

    private static int maxRequestSize(Config config) {
        Map<String, String> streams = config.streamsOverrides();
        String v = streams.getOrDefault("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                streams.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.kafkaProperties()
                        .getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576")));
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("max.request.size must be a whole number of bytes, got '" + v + "'");
        }
    }

    @Override
    public List<KeyValue<String, byte[]>> snapshots(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, List<String> models, long nowMs) {
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        for (String model : models) {
            for (Config.View view : views) {
                BucketRange range = BucketRange.last(view.millis(), nowMs, bucketMs);
                ModelView v = reader.read(buckets, model, range, Map.of());
                MatrixDocument doc = MatrixDocument.of(model, range.from(), range.to(), v.matrix(), Normalization.TRUE)
                        .withExpected(v.matrix(), v.expected(), v.expectedLabelled());
                String heatmap = svgHeatmap ? HeatmapRenderer.svg(doc, HeatmapOptions.defaults()
                        .withSubtitle(view.name() + " to " + Instant.ofEpochMilli(range.to()))) : null;
                String key = model + "|" + view.name();
                byte[] value = json(new Snapshot(model, view.name(), nowMs, doc, cells(doc), heatmap));
                if (value.length + key.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                    if (tooLargeWarned.add(key)) {
                        LOG.warn("snapshot of model '{}' view {} left out: {} bytes is more than the producer may send ({} with headroom);"
                                + " raise streams.producer.max.request.size and the snapshots topic's max.message.bytes to keep it",
                                model, view.name(), value.length, maxBytes);
                    }
                    continue;
                }
                out.add(KeyValue.pair(key, value));
            }
        }
        return out;
    }

    /**
     * The non-zero cells of the matrix and of its expected counts. {@code ratio} is the count over
     * its actual row (null for a row without labelled weight); {@code expected} is absent when the
     * range has no expected matrix.
     */
    private static List<Cell> cells(MatrixDocument doc) {
        List<Cell> cells = new ArrayList<>();
        double[][] counts = doc.counts();
        double[][] expected = doc.expected() == null ? null : doc.expected().counts();
        for (int a = 0; a < counts.length; a++) {
            double row = 0;
            for (double c : counts[a]) row += c;
            for (int p = 0; p < counts[a].length; p++) {
                double e = expected == null ? 0 : expected[a][p];
                if (counts[a][p] != 0 || e != 0) {
                    cells.add(new Cell(doc.classes().get(a), doc.classes().get(p), counts[a][p], row == 0 ? null : counts[a][p] / row,
                            expected == null ? null : e));
                }
            }
        }
        return cells;
    }

    private static byte[] json(Snapshot snapshot) {
        try {
            return Json.MAPPER.writeValueAsBytes(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
