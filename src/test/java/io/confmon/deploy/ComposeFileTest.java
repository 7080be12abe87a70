package io.confmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Compose Specification's own JSON schema (vendored from
 * compose-spec/compose-spec, schema/compose-spec.json at commit 170098ba07d9f53c383a41bfd4c5166b0a4529a6), and the Dockerfile and Compose choices
 * of issue 13: the image builds its jar, runs as non-root, sets no CONFMON_* default; the
 * services restart, confmon gets longer than its close timeout to stop, no image floats.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final String SCHEMA = "deploy/compose-spec.json";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode compose() throws IOException {
        return YAML.readTree(COMPOSE.toFile());
    }

    static List<String> schemaErrors(JsonNode document) throws IOException {
        // Loaded by location: the schema's relative $id resolves against it.
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(SchemaLocation.of("classpath:" + SCHEMA));
        return schema.validate(JSON.writeValueAsString(document), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    @Test
    void composeFileFollowsTheComposeSpecification() throws IOException {
        assertThat(schemaErrors(compose())).isEmpty();
    }

    @Test
    void theSchemaCatchesAMistake() throws IOException {
        var broken = (com.fasterxml.jackson.databind.node.ObjectNode) compose();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("services").get("confmon")).put("stop_grace", "45s");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("services").get("grafana")).put("restart", 3);
        assertThat(schemaErrors(broken)).hasSize(2);
    }

    @Test
    void composeChoices() throws IOException {
        JsonNode services = compose().get("services");
        List<String> problems = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            if (!s.has("restart")) problems.add(name + ": no restart policy");
            String image = s.path("image").asText("");
            if (image.isEmpty() || !image.matches(".*:[^/:]+$") || image.endsWith(":latest")) problems.add(name + ": image '" + image + "' not pinned");
        });
        JsonNode confmon = services.get("confmon");
        if (!confmon.has("build")) problems.add("confmon: not built from the Dockerfile");
        Duration grace = composeDuration(confmon.path("stop_grace_period").asText("10s"));
        if (grace.compareTo(KubernetesPolicyTest.Policies.CLOSE_TIMEOUT) <= 0) problems.add("confmon: stop_grace_period " + grace + " not above the close timeout");
        if (!confmon.path("environment").path("JAVA_TOOL_OPTIONS").asText().contains("-XX:+ExitOnOutOfMemoryError")) problems.add("confmon: JVM without -XX:+ExitOnOutOfMemoryError");
        if (!confmon.has("mem_limit")) problems.add("confmon: no memory limit");
        String prometheusConfig = compose().path("configs").path("prometheus-config").path("content").asText();
        if (!prometheusConfig.contains("/etc/prometheus/confmon/confmon-rules.yml")) problems.add("prometheus: does not load confmon-rules.yml");
        assertThat(problems).isEmpty();
    }

    @Test
    void imageBuildsItsJarAndRunsAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        List<String> from = lines(dockerfile, "(?m)^FROM\\s+(\\S+)");
        assertThat(from).as("stages").hasSizeGreaterThanOrEqualTo(2);
        assertThat(from.get(0)).as("build stage").startsWith("maven:");
        assertThat(from.get(from.size() - 1)).as("run stage: a JRE").contains("-jre").doesNotStartWith("maven:");
        assertThat(dockerfile).as("the jar comes from the build stage, not from the host's target/")
                .containsPattern("COPY --from=build \\S+confmon.jar").doesNotContainPattern("(?m)^COPY target/");
        assertThat(dockerfile).as("mvn package in the build stage").containsPattern("(?m)^RUN mvn .*package");
        assertThat(dockerfile).as("a font for the heatmaps").contains("fonts-dejavu-core");
        List<String> user = lines(dockerfile, "(?m)^USER\\s+(\\S+)");
        assertThat(user).as("USER").isNotEmpty();
        assertThat(user.get(user.size() - 1)).as("a numeric non-root uid").matches("[1-9][0-9]*(:[1-9][0-9]*)?");
        assertThat(lines(dockerfile, "(?m)^ENV\\s+(.*)")).as("image defaults that would win over a ConfigMap")
                .noneMatch(env -> env.contains("CONFMON_"));
        String ignore = Files.readString(Path.of(".dockerignore"));
        assertThat(ignore).as(".dockerignore lets the sources in and keeps target/ out")
                .contains("!pom.xml", "!src/main/", "!schemas/").doesNotContain("!target");
    }

    private static List<String> lines(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) out.add(m.group(1).trim());
        return out;
    }

    /** Compose durations as used here: {@code 45s}, {@code 1m30s}. */
    static Duration composeDuration(String text) {
        Matcher m = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(text);
        if (!m.matches()) throw new IllegalArgumentException(text);
        long minutes = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long seconds = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return Duration.ofSeconds(minutes * 60 + seconds);
    }
}
