package io.confmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * grafana/provisioning works in Compose and copied into an existing Grafana: no datasource
 * claims to be the default (Grafana refuses to start with two defaults in one org, and an
 * existing Grafana has one), URL and uid come from Grafana's environment, which Compose sets;
 * every datasource the dashboards and the alert rules name resolves to a provisioned one.
 */
class GrafanaProvisioningTest {
    private static final Path PROVISIONING = Path.of("grafana/provisioning");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's expansion in provisioning files: {@code $NAME} or {@code ${NAME}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
    /** Datasource references that are not a datasource: expressions, built-ins, dashboard variables. */
    private static final Set<String> NOT_DATASOURCES = Set.of("__expr__", "-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana");

    private static List<JsonNode> datasources() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path file : yamlFiles(PROVISIONING.resolve("datasources"))) {
            YAML.readTree(file.toFile()).path("datasources").forEach(out::add);
        }
        return out;
    }

    @Test
    void noProvisionedDatasourceClaimsTheDefault() throws IOException {
        List<JsonNode> all = datasources();
        assertThat(all).as("provisioned datasources").isNotEmpty();
        assertThat(all).as("datasources with isDefault: true (an existing Grafana already has a default)")
                .noneMatch(d -> d.path("isDefault").asBoolean(false));
        for (Path file : yamlFiles(PROVISIONING.resolve("datasources"))) {
            assertThat(YAML.readTree(file.toFile()).has("deleteDatasources")).as(file + " deletes datasources").isFalse();
        }
    }

    @Test
    void urlAndUidComeFromTheEnvironmentThatComposeSets() throws IOException {
        Map<String, String> env = composeGrafanaEnvironment();
        for (JsonNode d : datasources()) {
            for (String field : List.of("url", "uid")) {
                String raw = d.path(field).asText();
                assertThat(raw).as("%s of %s is a variable (Compose and other Grafanas differ)", field, d.path("name").asText()).matches("\\$\\{?\\w+\\}?");
                assertThat(expand(raw, env)).as("%s of %s in Compose", field, d.path("name").asText()).isNotBlank();
            }
        }
        // (The alerting files' annotations hold alert templates with $labels: Grafana does not expand those.)
        for (Path file : Stream.concat(yamlFiles(PROVISIONING.resolve("datasources")).stream(), yamlFiles(PROVISIONING.resolve("dashboards")).stream()).toList()) {
            Set<String> used = variables(Files.readString(file));
            assertThat(env.keySet()).as("variables of %s that Compose's Grafana must define", file).containsAll(used);
        }
    }

    @Test
    void everyDatasourceReferenceResolves() throws IOException {
        Map<String, String> env = composeGrafanaEnvironment();
        Set<String> provisioned = new LinkedHashSet<>();
        for (JsonNode d : datasources()) provisioned.add(expand(d.path("uid").asText(), env));
        Set<String> referenced = new LinkedHashSet<>();
        for (Path file : yamlFiles(PROVISIONING.resolve("alerting"))) collect(YAML.readTree(file.toFile()), referenced);
        try (Stream<Path> s = Files.list(Path.of("grafana/dashboards"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                collect(dashboard, referenced);
                // The datasource variable's default: the dashboard opens on it.
                for (JsonNode v : dashboard.path("templating").path("list")) {
                    if (v.path("type").asText().equals("datasource") && v.path("current").has("value")) referenced.add(v.path("current").path("value").asText());
                }
            }
        }
        referenced.removeIf(uid -> uid.startsWith("$") || NOT_DATASOURCES.contains(uid));
        assertThat(referenced).as("datasource uids the dashboards and alert rules use").isNotEmpty();
        assertThat(provisioned).as("provisioned uids").containsAll(referenced);
    }

    @Test
    void dashboardProviderReadsWhereComposeMountsTheDashboards() throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        for (Path file : yamlFiles(PROVISIONING.resolve("dashboards"))) {
            YAML.readTree(file.toFile()).path("providers").forEach(p -> paths.add(p.path("options").path("path").asText()));
        }
        List<String> mounts = new ArrayList<>();
        ComposeFileTest.compose().path("services").path("grafana").path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts).as("grafana's volumes").anySatisfy(m -> assertThat(m).startsWith("./grafana/dashboards:").contains(paths.iterator().next()));
    }

    /** Datasource uids named under {@code datasource: {uid: ...}} or {@code datasourceUid}. */
    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("datasourceUid") && f.getValue().isTextual()) out.add(f.getValue().asText());
                else if (f.getKey().equals("datasource") && f.getValue().has("uid")) out.add(f.getValue().get("uid").asText());
                else collect(f.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    private static Map<String, String> composeGrafanaEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        ComposeFileTest.compose().path("services").path("grafana").path("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        m.appendTail(sb);
        return sb.toString();
    }

    /** Variables Grafana would expand in a provisioning file (comments excluded). */
    private static Set<String> variables(String yaml) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : yaml.split("\n")) {
            String content = line.strip().startsWith("#") ? "" : line;
            Matcher m = VARIABLE.matcher(content);
            while (m.find()) {
                if (!m.group(1).startsWith("__")) out.add(m.group(1));
            }
        }
        return out;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
