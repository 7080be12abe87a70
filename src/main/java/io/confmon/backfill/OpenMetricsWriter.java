package io.confmon.backfill;

import io.confmon.metrics.GaugeValues;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauge history in the OpenMetrics text format that {@code promtool tsdb create-blocks-from
 * openmetrics} loads: each family's samples together under one {@code # TYPE} (a family's lines
 * are spooled to a file of their own while moments are added in time order, so memory stays flat
 * over a month of steps), each series' samples in time order, timestamps in seconds, {@code # EOF}
 * last. Samples must be added moment by moment, never going back.
 */
final class OpenMetricsWriter implements AutoCloseable {
    private final Path spoolDir;
    private final Map<String, Spool> families = new LinkedHashMap<>();
    private long lastMs = Long.MIN_VALUE;
    private long samples;

    private record Spool(String help, Path file, Writer writer) {}

    OpenMetricsWriter(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    void add(long atMs, List<GaugeValues.Sample> gauges) throws IOException {
        if (atMs < lastMs) throw new IllegalArgumentException("moments must be added in time order: " + atMs + " after " + lastMs);
        lastMs = atMs;
        String ts = seconds(atMs);
        for (GaugeValues.Sample s : gauges) {
            Spool spool = families.get(s.name());
            if (spool == null) {
                Path file = spoolDir.resolve("family-" + families.size() + ".txt");
                spool = new Spool(s.help(), file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
                families.put(s.name(), spool);
            }
            Writer w = spool.writer();
            w.write(s.name());
            if (!s.labelNames().isEmpty()) {
                w.write('{');
                for (int i = 0; i < s.labelNames().size(); i++) {
                    if (i > 0) w.write(',');
                    w.write(s.labelNames().get(i));
                    w.write("=\"");
                    w.write(escape(s.labelValues().get(i)));
                    w.write('"');
                }
                w.write('}');
            }
            w.write(' ');
            w.write(value(s.value()));
            w.write(' ');
            w.write(ts);
            w.write('\n');
            samples++;
        }
    }

    long samples() {
        return samples;
    }

    /** Writes the whole exposition to {@code out}: every family's header and spooled lines, then {@code # EOF}. */
    void finish(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Map.Entry<String, Spool> f : families.entrySet()) {
            f.getValue().writer().close();
            w.write("# HELP " + f.getKey() + " " + escapeHelp(f.getValue().help()) + "\n");
            w.write("# TYPE " + f.getKey() + " gauge\n");
            w.flush();
            Files.copy(f.getValue().file(), out);
        }
        w.write("# EOF\n");
        w.flush();
    }

    @Override
    public void close() throws IOException {
        for (Spool s : families.values()) {
            s.writer().close();
            Files.deleteIfExists(s.file());
        }
    }

    /** Epoch seconds with milliseconds, as OpenMetrics timestamps are. */
    static String seconds(long ms) {
        long s = Math.floorDiv(ms, 1000);
        long frac = Math.floorMod(ms, 1000);
        return s + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    static String value(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        // Shortest text that reads back as the same double: Prometheus stores exactly what was computed.
        return Double.toString(v);
    }

    static String escape(String labelValue) {
        StringBuilder b = new StringBuilder(labelValue.length() + 8);
        for (int i = 0; i < labelValue.length(); i++) {
            char c = labelValue.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeHelp(String help) {
        return escape(help);
    }
}
