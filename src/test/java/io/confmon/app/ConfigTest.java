package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's configuration: file, CONFMON_* environment, flags, in that order of strength; errors name the key. */
class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void flagWinsOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = dir.resolve("confmon.properties");
        Files.writeString(file, "http.port=1111\nbucket=30s\nviews=1m,1h\nkafka.security.protocol=SSL\n");
        Config c = Config.load(file, Map.of("CONFMON_HTTP_PORT", "2222", "CONFMON_BUCKET", "10s"), Map.of("bucket", "5s"));
        assertThat(c.httpPort()).isEqualTo(2222);
        assertThat(c.bucketMs()).isEqualTo(5_000);
        assertThat(c.views()).extracting(Config.View::name).containsExactly("1m", "1h");
        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void yamlNestsKeysAndListsClasses() throws Exception {
        Path file = dir.resolve("confmon.yaml");
        Files.writeString(file, "bootstrap:\n  servers: k:9092\nmodels:\n  fraud-v2:\n    classes: [ok, fraud]\n    threshold: 0.7\n"
                + "streams:\n  num.stream.threads: 2\n");
        Config c = Config.load(file, Map.of(), Map.of());
        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.modelSettings().space("fraud-v2").fixed().names()).containsExactly("ok", "fraud");
        assertThat(c.modelSettings().threshold("fraud-v2")).isEqualTo(0.7);
        assertThat(c.streamsOverrides()).containsEntry("num.stream.threads", "2");
    }

    @Test
    void unknownAndMalformedKeysAreNamed() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "htp.port=1\n");
        assertThatThrownBy(() -> Config.load(file, Map.of(), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'htp.port'").hasMessageContaining(file.toString());
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("retention", "a week")))
                .hasMessageContaining("retention").hasMessageContaining("<integer><ms|s|m|h|d>");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("http.port", "99999"))).hasMessageContaining("http.port");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("models.m.threshold", "2"))).hasMessageContaining("models.m.threshold");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("retention", "1h"))).hasMessageContaining("longest view");
    }

    @Test
    void unknownEnvironmentVariablesAreOnlyWarnedAbout() {
        Config c = Config.load(null, Map.of("CONFMON_NOPE", "1", "PATH", "/bin"), Map.of());
        assertThat(c.warnings()).containsExactly("ignoring unknown environment variable CONFMON_NOPE");
    }
}
