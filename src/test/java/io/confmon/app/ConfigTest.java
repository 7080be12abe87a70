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
    void contractKeysForSnapshotsTensorBoardAndSavedModelsAreCheckedAtLoad() {
        Config c = Config.load(null, Map.of("CONFMON_SNAPSHOT_FORMAT", "avro", "CONFMON_TENSORBOARD_LOGDIR", "/tmp/tb"),
                Map.of("snapshot.heatmap", "svg", "models.fraud.v2.savedmodel", "/models/fraud"));
        assertThat(c.snapshotHeatmap()).isEqualTo(Config.SnapshotHeatmap.SVG);
        assertThat(c.snapshotFormat()).isEqualTo(Config.SnapshotFormat.AVRO);
        assertThat(c.tensorboardLogdir()).contains(Path.of("/tmp/tb"));
        assertThat(c.savedModels()).containsExactly(Map.entry("fraud.v2", Path.of("/models/fraud")));
        Config defaults = Config.load(null, Map.of(), Map.of());
        assertThat(defaults.snapshotHeatmap()).isEqualTo(Config.SnapshotHeatmap.NONE);
        assertThat(defaults.snapshotFormat()).isEqualTo(Config.SnapshotFormat.JSON);
        assertThat(defaults.tensorboardLogdir()).isEmpty();
        assertThat(defaults.savedModels()).isEmpty();
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("snapshot.heatmap", "png"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("snapshot.heatmap");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("snapshot.format", "xml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("snapshot.format");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("models.m.savedmodel", " "))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("models.m.savedmodel");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("models.m.savedmodels", "/x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'models.m.savedmodels'");
    }

    @Test
    void everyMalformedValueIsNamedWithItsKey() {
        Map<String, String> bad = Map.of("http.port", "eighty", "classes.max", "0", "topics.partitions", "-1", "bucket", "1 minute",
                "views", ",", "processing.guarantee", "exactly_once", "models.m.threshold", "NaN", "models.m.classes", "a,b,a",
                "metrics.refresh", "5", "application.id", " ");
        bad.forEach((key, value) -> assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of(key, value)))
                .as(key + "=" + value).isInstanceOf(ConfigException.class).hasMessageContaining(key));
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("models.m.savedmodel", "bad\0path")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models.m.savedmodel");
    }

    /** The live page's change view compares three views, shortest first: anything else is refused, naming the key. */
    @Test
    void pageChangeViewsAreThreeDurationsShortestFirst() {
        Config defaults = Config.load(null, Map.of(), Map.of());
        assertThat(defaults.pageChangeViews()).containsExactly("5m", "20m", "24h");
        assertThat(defaults.pageTrendStepMs()).isEqualTo(300_000L);
        Config demo = Config.load(null, Map.of(), Map.of("page.change.views", "15s,1m,10m", "page.trend.step", "15s"));
        assertThat(demo.pageChangeViews()).containsExactly("15s", "1m", "10m");
        assertThat(demo.pageTrendStepMs()).isEqualTo(15_000L);
        for (String bad : new String[] {"5m,20m", "5m,20m,1h,24h", "20m,5m,24h", "5m,5m,24h", "5m,20m,1 day"}) {
            assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("page.change.views", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("page.change.views");
        }
        for (String bad : new String[] {"0.5m", "0s"}) {
            assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("page.trend.step", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("page.trend.step");
        }
    }

    @Test
    void valuesAreParsedOnceAndCannotBeChanged() {
        Config c = Config.load(null, Map.of(), Map.of("views", "1m,,1h", "slice.keys", "region, tier", "kafka.acks", "all"));
        assertThat(c.views()).extracting(Config.View::millis).containsExactly(60_000L, 3_600_000L);
        assertThat(c.get("views")).isEqualTo("1m,,1h");
        assertThat(c.get("http.port")).isEqualTo("8080");
        assertThat(c.get("kafka.acks")).isEqualTo("all");
        assertThat(c.get("http.advertised.host")).isNull();
        assertThat(c.sliceKeys()).containsExactly("region", "tier");
        assertThatThrownBy(() -> c.views().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.streamsOverrides().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        c.kafkaProperties().put("acks", "0");
        assertThat(c.kafkaProperties()).containsEntry("acks", "all");
    }

    /** join.direct is auto unless given, and cannot be true in a rolling upgrade (two topologies in one group). */
    @Test
    void joinDirectIsAutoByDefaultAndNotTrueDuringARollingUpgrade() {
        assertThat(Config.load(null, Map.of(), Map.of()).joinDirect()).isEqualTo("auto");
        assertThat(Config.load(null, Map.of("CONFMON_JOIN_DIRECT", "true"), Map.of()).joinDirect()).isEqualTo("true");
        assertThat(Config.load(null, Map.of(), Map.of("join.direct", "false", "upgrade.from", "0.1")).joinDirect()).isEqualTo("false");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("join.direct", "yes"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("join.direct");
        assertThatThrownBy(() -> Config.load(null, Map.of(), Map.of("join.direct", "true", "upgrade.from", "0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("join.direct").hasMessageContaining("upgrade.from");
    }

    @Test
    void unknownEnvironmentVariablesAreOnlyWarnedAbout() {
        Config c = Config.load(null, Map.of("CONFMON_NOPE", "1", "PATH", "/bin"), Map.of());
        assertThat(c.warnings()).containsExactly("ignoring unknown environment variable CONFMON_NOPE");
    }
}
