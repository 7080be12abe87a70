package io.confmon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL query shipped under {@code grafana/}, as it would run against a confmon whose views
 * are renamed for a short test: the recording rules and alerts of the Prometheus rule files, the
 * Grafana-managed alert queries, the dashboard's panel queries and its {@code label_values(...)}
 * variables. Dashboard variables become fixed values and the shipped views (the {@code window="..."}
 * selectors of the rule file: 5m, 20m, 1h, 24h) become the test's; anything else that looks like
 * a variable is an error.
 *
 * <p>Also makes the test copy of the rule file: the same text with the view names and every
 * {@code for:} shortened, nothing else changed.
 */
final class ShippedPromQl {
    static final Path RULES = Path.of("grafana/prometheus/confmon-rules.yml");
    static final Path PROMETHEUS_DIR = Path.of("grafana/prometheus");
    static final Path DASHBOARDS = Path.of("grafana/dashboards");
    static final Path GRAFANA_ALERTS = Path.of("grafana/provisioning/alerting");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code $name} or {@code ${name}}; {@code $1} (a label_replace group) is not a variable. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_]\\w*)}?");
    private static final Pattern WINDOW_SELECTOR = Pattern.compile("window\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern FOR_LINE = Pattern.compile("(?m)^(\\s*for:\\s*)(\\S+)\\s*$");
    private static final Pattern VIEW_MARKER = Pattern.compile("(?m)^\\s*# view: \\w+\\s*$");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(?:(.*\\S)\\s*,\\s*)?(\\w+)\\s*\\)\\s*$");

    /** A panel, alert or rule query. {@code name} identifies it across copies (see {@link #identity}). */
    record Expression(String source, String name, String shipped, String promql) {
        @Override
        public String toString() {
            return source + " | " + name + " | " + oneLine(promql);
        }
    }

    /** A dashboard variable {@code label_values(match, label)}; {@code match} may be null. */
    record VariableQuery(String source, String variable, String shipped, String match, String label) {}

    /** Shipped view name -> the test's (see the rule file's header and its {@code # view:} markers). */
    private final Map<String, String> views;
    private final Map<String, String> variables;
    final List<String> skipped = new ArrayList<>();

    /**
     * @param variables dashboard variables (without {@code $}) and their values; their values go in
     *                  as written, so {@code window} should be the short test view
     */
    ShippedPromQl(Map<String, String> views, Map<String, String> variables) {
        this.views = Map.copyOf(views);
        this.variables = Map.copyOf(variables);
    }

    // ---------------------------------------------------------------------------------------
    // The rule file's test copy.
    // ---------------------------------------------------------------------------------------

    /**
     * The shipped rule file with every {@code window="..."} renamed to the test's view and every
     * {@code for:} set to {@code forDuration}. Checks that the rules select views only where a
     * {@code # view:} marker says so and only by names this test renames, so a rule that reads
     * another view (which this copy would not rename) fails here instead of going quiet.
     */
    String testRules(String shipped, String forDuration) throws IOException {
        int markers = count(VIEW_MARKER.matcher(shipped));
        int rulesWithViews = 0;
        for (JsonNode rule : rules(YAML.readTree(shipped))) {
            String expr = rule.get("expr").asText();
            Matcher m = WINDOW_SELECTOR.matcher(expr);
            boolean any = false;
            while (m.find()) {
                any = true;
                if (!m.group(1).equals("=") || !views.containsKey(m.group(2))) {
                    throw new IllegalStateException(RULES + ": rule " + ruleName(rule) + " selects " + m.group()
                            + "; the end-to-end test only knows how to rename window= " + views.keySet());
                }
            }
            if (any) rulesWithViews++;
        }
        if (markers != rulesWithViews) {
            throw new IllegalStateException(RULES + " has " + markers + " '# view:' markers but " + rulesWithViews
                    + " rules select a window");
        }
        String copy = renameViews(shipped);
        Matcher forLines = FOR_LINE.matcher(copy);
        int fors = 0;
        StringBuilder out = new StringBuilder();
        while (forLines.find()) {
            fors++;
            forLines.appendReplacement(out, Matcher.quoteReplacement(forLines.group(1) + forDuration));
        }
        forLines.appendTail(out);
        int alertsWithFor = 0;
        for (JsonNode rule : rules(YAML.readTree(shipped))) if (rule.has("alert") && rule.has("for")) alertsWithFor++;
        if (fors != alertsWithFor) {
            throw new IllegalStateException(RULES + ": found " + fors + " 'for:' lines for " + alertsWithFor + " alerts with a for");
        }
        return out.toString();
    }

    /** Each {@code window="<shipped view>"} -> {@code window="<test view>"}, in one pass (no chains). */
    String renameViews(String text) {
        Matcher m = Pattern.compile("window=\"([^\"]*)\"").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String renamed = views.getOrDefault(m.group(1), m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement("window=\"" + renamed + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------
    // Every shipped query.
    // ---------------------------------------------------------------------------------------

    List<Expression> expressions() throws IOException {
        List<Expression> out = new ArrayList<>();
        for (Path file : files(PROMETHEUS_DIR, ".yml")) {
            JsonNode doc = YAML.readTree(file.toFile());
            if (doc == null || !doc.has("groups")) {
                skipped.add(file + ": not a rule file (" + String.join(", ", fieldNames(doc)) + ")");
                continue;
            }
            for (JsonNode rule : rules(doc)) {
                out.add(expression(file.toString(), ruleName(rule), rule.get("expr").asText()));
            }
        }
        for (Path file : files(GRAFANA_ALERTS, ".yml")) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String title = rule.get("title").asText();
                    String name = "alert " + identity(title.split(" ")[0], rule.path("labels"));
                    for (JsonNode query : rule.path("data")) {
                        JsonNode expr = query.path("model").path("expr");
                        if (expr.isTextual()) {
                            out.add(expression(file.toString(), name + " (Grafana '" + title + "' " + query.path("refId").asText() + ")",
                                    expr.asText()));
                        }
                    }
                }
            }
        }
        for (Path file : files(DASHBOARDS, ".json")) {
            collectPanels(file.toString(), JSON.readTree(file.toFile()), "dashboard", out);
        }
        return out;
    }

    List<VariableQuery> variableQueries() throws IOException {
        List<VariableQuery> out = new ArrayList<>();
        for (Path file : files(DASHBOARDS, ".json")) {
            for (JsonNode v : JSON.readTree(file.toFile()).path("templating").path("list")) {
                if (!v.path("type").asText().equals("query")) continue;
                JsonNode q = v.path("query");
                String query = q.isTextual() ? q.asText() : q.path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query);
                if (!m.matches()) {
                    throw new IllegalStateException(file + ": variable " + v.path("name").asText() + " has a query this test cannot run: " + query);
                }
                String where = file + ": variable " + v.path("name").asText();
                String match = m.group(1) == null ? null : renameViews(substitute(m.group(1), where));
                out.add(new VariableQuery(file.toString(), v.path("name").asText(), query, match, m.group(2)));
            }
        }
        return out;
    }

    /** The alert's name and its labels other than severity, e.g. {@code ConfmonLabelsStalled{stall="coverage"}}: the same for both copies. */
    static String identity(String alert, JsonNode labels) {
        Map<String, String> kept = new TreeMap<>();
        labels.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("severity")) kept.put(e.getKey(), e.getValue().asText());
        });
        if (kept.isEmpty()) return alert;
        StringBuilder s = new StringBuilder(alert).append('{');
        kept.forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return s.append('}').toString();
    }

    static String oneLine(String expr) {
        return expr.trim().replaceAll("\\s+", " ");
    }

    private Expression expression(String source, String name, String shipped) {
        return new Expression(source, name, shipped, renameViews(substitute(shipped, source + ": " + name)));
    }

    private void collectPanels(String file, JsonNode node, String title, List<Expression> out) {
        if (node.isObject()) {
            String here = node.path("title").isTextual() && node.has("type") ? node.get("title").asText() : title;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("templating")) continue; // variableQueries()
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    String ref = node.path("refId").asText("?");
                    out.add(expression(file, "panel '" + here + "' " + ref, field.getValue().asText()));
                } else {
                    collectPanels(file, field.getValue(), here, out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectPanels(file, child, title, out));
        }
    }

    /** Replaces the dashboard variables; any other variable fails, naming where it is. */
    String substitute(String expr, String where) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(where + " uses the variable " + m.group() + ", which this test does not know (known: "
                        + variables.keySet() + "): " + oneLine(expr));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<JsonNode> rules(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : doc.path("groups")) group.path("rules").forEach(out::add);
        return out;
    }

    private static String ruleName(JsonNode rule) {
        return rule.has("alert") ? "alert " + identity(rule.get("alert").asText(), rule.path("labels"))
                : "record " + rule.get("record").asText();
    }

    private static List<String> fieldNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        if (doc != null) doc.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
