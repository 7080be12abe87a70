package io.confmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.confmon.testing.OutsideTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alerting: the Prometheus rules pass {@code promtool check} and their unit tests
 * ({@code confmon-rules.test.yml}), every PromQL expression of the dashboard and of the Grafana
 * alert rules parses, and the copies (Grafana-managed alerts, the k8s PrometheusRule) say what
 * the rules file says.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("grafana/prometheus/confmon-rules.yml");
    private static final Path RULE_TESTS = Path.of("grafana/prometheus/confmon-rules.test.yml");
    private static final Path SCRAPE_CONFIG = Path.of("grafana/prometheus/prometheus.yml");
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final Path GRAFANA_ALERTS = Path.of("grafana/provisioning/alerting");
    private static final Path PROMETHEUS_RULE_CRD = Path.of("k8s/base/prometheus-rule.yml");

    /** Dashboard variables the end-to-end check can substitute, with the values it uses. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$model", "fashion", "$window", "1h", "$__rate_interval", "1m", "$__range", "1h");
    /** {@code $name} or {@code ${name}}; {@code $1} (a label_replace group) is not a variable. */
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\{?[A-Za-z_]\\w*)");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rulesFilePassesPromtoolCheck() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void rulesPassTheirPromtoolUnitTests() throws Exception {
        promtool("test", "rules", RULE_TESTS.toString());
    }

    @Test
    void sampleScrapeConfigIsValid() throws Exception {
        promtool("check", "config", SCRAPE_CONFIG.toString());
    }

    @Test
    void everyDashboardAndGrafanaAlertExpressionIsValidPromQl(@TempDir Path tmp) throws Exception {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Path file : files(DASHBOARDS, ".json")) collectExprs(JSON.readTree(file.toFile()), file + ": ", exprs);
        for (Path file : files(GRAFANA_ALERTS, ".yml")) collectExprs(YAML.readTree(file.toFile()), file + ": ", exprs);
        assertThat(exprs).as("expressions found").hasSizeGreaterThan(10);

        // promtool parses the expressions of a rules file, so make each one a recording rule.
        ArrayNode rules = YAML.createArrayNode();
        StringBuilder legend = new StringBuilder("where the checked expressions come from:\n");
        int i = 0;
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            String name = "confmon_expression_check_" + i++;
            rules.addObject().put("record", name).put("expr", substitute(e.getValue(), e.getKey()));
            legend.append(name).append(" = ").append(e.getKey()).append(": ").append(normalize(e.getValue())).append('\n');
        }
        ObjectNode doc = YAML.createObjectNode();
        doc.putArray("groups").addObject().put("name", "expressions").set("rules", rules);
        Path generated = tmp.resolve("expressions.yml");
        YAML.writeValue(generated.toFile(), doc);
        promtoolWithContext(legend.toString(), "check", "rules", generated.toString());
    }

    @Test
    void grafanaAlertsRunTheSameExpressionsAsThePrometheusAlerts() throws IOException {
        List<JsonNode> prometheus = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups"))
            for (JsonNode rule : group.get("rules")) if (rule.has("alert")) prometheus.add(rule);
        List<JsonNode> grafana = new ArrayList<>();
        for (Path file : files(GRAFANA_ALERTS, ".yml"))
            for (JsonNode group : YAML.readTree(file.toFile()).get("groups"))
                for (JsonNode rule : group.get("rules")) grafana.add(rule);

        assertEquals(prometheus.size(), grafana.size(), "one Grafana rule per Prometheus alerting rule");
        for (JsonNode alert : prometheus) {
            String name = alert.get("alert").asText();
            JsonNode labels = alert.path("labels");
            JsonNode twin = grafana.stream()
                    .filter(g -> g.get("title").asText().startsWith(name) && g.path("labels").equals(labels))
                    .findFirst()
                    .orElseGet(() -> fail("no Grafana rule titled " + name + " with labels " + labels));
            String query = twin.get("data").get(0).get("model").get("expr").asText();
            assertEquals(normalize(alert.get("expr").asText()), normalize(query), twin.get("title") + ": expr");
            assertEquals(alert.get("for").asText(), twin.get("for").asText(), twin.get("title") + ": for");
            assertEquals("confmon-prometheus", twin.get("data").get(0).get("datasourceUid").asText());
        }
    }

    @Test
    void prometheusRuleCrdCarriesTheRulesFile() throws IOException {
        JsonNode crd = YAML.readTree(PROMETHEUS_RULE_CRD.toFile());
        assertEquals("PrometheusRule", crd.get("kind").asText());
        JsonNode wrapped = crd.get("spec").get("groups");
        JsonNode groups = YAML.readTree(RULES.toFile()).get("groups");
        String stale = PROMETHEUS_RULE_CRD + " must wrap " + RULES + " unchanged (regenerate it: see its header)";
        assertEquals(groups.size(), wrapped.size(), stale + ": number of groups");
        for (int g = 0; g < groups.size(); g++) {
            JsonNode rules = groups.get(g).get("rules");
            String where = stale + ": group " + groups.get(g).get("name");
            assertEquals(groups.get(g).get("name"), wrapped.get(g).get("name"), where);
            assertEquals(rules.size(), wrapped.get(g).get("rules").size(), where + ", number of rules");
            for (int r = 0; r < rules.size(); r++) {
                assertEquals(rules.get(r), wrapped.get(g).get("rules").get(r), where + ", rule " + r);
            }
        }
        assertEquals(groups, wrapped, stale);
    }

    @Test
    void deploymentFilesAreValidYaml() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("docker-compose.yml")));
        try (Stream<Path> k8s = Files.walk(Path.of("k8s"))) {
            files.addAll(k8s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList());
        }
        files.addAll(files(Path.of("grafana/provisioning"), ".yml"));
        for (Path file : files) {
            try (var parser = YAML.getFactory().createParser(file.toFile())) {
                List<JsonNode> docs = YAML.readValues(parser, JsonNode.class).readAll();
                assertThat(docs).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
            }
        }
    }

    private static void collectExprs(JsonNode node, String where, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    out.put(where + "#" + out.size(), field.getValue().asText());
                } else {
                    collectExprs(field.getValue(), where, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, where, out));
        }
    }

    /** Replaces the dashboard variables; any other variable would break the end-to-end check. */
    private static String substitute(String expr, String where) {
        String result = expr;
        for (String name : List.of("$__rate_interval", "$__range", "$model", "$window")) {
            result = result.replace(name, VARIABLES.get(name));
        }
        Matcher left = VARIABLE.matcher(result);
        if (left.find()) fail(where + " uses variable " + left.group() + " (allowed: " + VARIABLES.keySet() + "): " + expr);
        return result;
    }

    private static String normalize(String expr) {
        return expr.trim().replaceAll("\\s+", " ");
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void promtool(String... args) throws Exception {
        promtoolWithContext("", args);
    }

    /** Runs promtool and asserts exit 0; its output and {@code context} make the failure message. */
    private static void promtoolWithContext(String context, String... args) throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read while it runs (a full pipe would stall it), then wait.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 2 minutes:\n" + output);
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output + context);
    }
}
