package io.confmon.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.confmon.time.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus rule file as it is on disk when the backfill runs (read each time, never copied):
 * its recording rules in dependency levels, since {@code promtool tsdb create-blocks-from rules}
 * cannot feed one rule's output to another in one run, and its alerting rules.
 */
public final class RuleFile {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** A recording rule. */
    public record Recording(String record, String expr, Map<String, String> labels) {}

    /** An alerting rule. */
    public record Alerting(String alert, String expr, long forMs, Map<String, String> labels) {}

    private final List<Recording> recordings;
    private final List<Alerting> alerts;

    private RuleFile(List<Recording> recordings, List<Alerting> alerts) {
        this.recordings = recordings;
        this.alerts = alerts;
    }

    public static RuleFile read(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<Recording> recordings = new ArrayList<>();
        List<Alerting> alerts = new ArrayList<>();
        if (root == null || !root.path("groups").isArray()) throw new IOException(file + " is not a Prometheus rule file (no groups)");
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                Map<String, String> labels = new TreeMap<>();
                rule.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                String expr = rule.path("expr").asText();
                if (rule.has("record")) {
                    recordings.add(new Recording(rule.path("record").asText(), expr, labels));
                } else if (rule.has("alert")) {
                    long forMs = rule.has("for") ? promDuration(rule.path("for").asText()) : 0;
                    alerts.add(new Alerting(rule.path("alert").asText(), expr, forMs, labels));
                }
            }
        }
        return new RuleFile(recordings, alerts);
    }

    public List<Alerting> alerts() {
        return alerts;
    }

    /** The recording rules in levels: a rule's level comes after every level holding a rule it reads. */
    public List<List<Recording>> levels() {
        Map<String, List<Recording>> byName = new HashMap<>();
        recordings.forEach(r -> byName.computeIfAbsent(r.record(), k -> new ArrayList<>()).add(r));
        Map<String, Integer> level = new HashMap<>();
        List<List<Recording>> levels = new ArrayList<>();
        for (Recording r : recordings) {
            int l = levelOf(r.record(), byName, level, new java.util.HashSet<>());
            while (levels.size() <= l) levels.add(new ArrayList<>());
            levels.get(l).add(r);
        }
        return levels;
    }

    private static int levelOf(String name, Map<String, List<Recording>> byName, Map<String, Integer> memo, java.util.Set<String> visiting) {
        Integer known = memo.get(name);
        if (known != null) return known;
        if (!visiting.add(name)) throw new IllegalArgumentException("recording rule " + name + " depends on itself");
        int l = 0;
        for (Recording r : byName.get(name)) {
            for (String used : namesIn(r.expr())) {
                if (!used.equals(name) && byName.containsKey(used)) l = Math.max(l, levelOf(used, byName, memo, visiting) + 1);
            }
        }
        memo.put(name, l);
        return l;
    }

    /** Every identifier in an expression (metric names among them; functions and keywords are never rule names). */
    static List<String> namesIn(String expr) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (m.find()) names.add(m.group());
        return names;
    }

    /** Writes recording rules as a rule file of one group. */
    static void write(List<Recording> rules, Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Recording r : rules) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", r.record());
            rule.put("expr", r.expr());
            if (!r.labels().isEmpty()) rule.put("labels", r.labels());
            out.add(rule);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "confmon-backfill");
        group.put("rules", out);
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), Map.of("groups", List.of(group)));
    }

    /** Prometheus durations ({@code 10m}, {@code 1h30m}). */
    static long promDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)").matcher(text.trim());
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "w" -> n * 7 * 86_400_000L;
                case "y" -> n * 365 * 86_400_000L;
                default -> Durations.parseMillis(n + m.group(2));
            };
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) throw new IllegalArgumentException("'" + text + "' is not a Prometheus duration");
        return total;
    }
}
