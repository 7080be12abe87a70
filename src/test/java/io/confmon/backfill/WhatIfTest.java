package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.cli.CliRun;
import io.confmon.json.Json;
import io.confmon.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if replays on a real broker, against matrices counted by hand from these events.
 *
 * <p>Model {@code bin} (one probability per prediction, index labels):
 * <pre>
 * id   score  actual | predicted at 0.5 | at 0.25
 * b1   0.10   0      | 0                | 0
 * b2   0.30   0      | 0                | 1
 * b3   0.40   1      | 0                | 1
 * b4   0.60   1      | 1                | 1
 * b5   0.20   1      | 0                | 0
 * b6   0.70   0      | 1                | 1
 * b7   0.45   0      | 0                | 1
 * b8   0.90   1      | 1                | 1
 * threshold 0.5: [[3, 1], [2, 2]]; threshold 0.25: [[1, 3], [1, 3]]
 * </pre>
 * Model {@code pets} (predicted -> actual): cat->cat, dog->cat, cat->dog, dog->dog, bird->dog,
 * bird->bird, cat->bird. Merging cat and dog into "mammal" (classes bird, mammal):
 * bird row [1 bird, 1 mammal], mammal row [1 bird, 4 mammal].
 */
class WhatIfTest {
    private static final long T0 = 1_763_800_020_000L;
    private static final double[] SCORES = {0.10, 0.30, 0.40, 0.60, 0.20, 0.70, 0.45, 0.90};
    private static final int[] BIN_ACTUAL = {0, 0, 1, 1, 1, 0, 0, 1};
    private static final String[][] PETS = {{"cat", "cat"}, {"dog", "cat"}, {"cat", "dog"}, {"dog", "dog"}, {"bird", "dog"},
            {"bird", "bird"}, {"cat", "bird"}};
    private static TestBroker kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void events() {
        kafka = TestBroker.start();
        for (String t : List.of("wi-predictions", "wi-labels", "wi-dlq", "wi-snapshots")) kafka.createTopic(t, 2);
        for (int i = 0; i < SCORES.length; i++) {
            long ts = T0 + i * 60_000L;
            kafka.produce("wi-predictions", null, "{\"id\":\"b%d\",\"model\":\"bin\",\"ts\":%d,\"scores\":[%s]}".formatted(i + 1, ts, SCORES[i]));
            kafka.produce("wi-labels", null, "{\"id\":\"b%d\",\"model\":\"bin\",\"ts\":%d,\"actual\":%d}".formatted(i + 1, ts + 1000, BIN_ACTUAL[i]));
        }
        for (int i = 0; i < PETS.length; i++) {
            long ts = T0 + i * 60_000L;
            kafka.produce("wi-predictions", null, "{\"id\":\"p%d\",\"model\":\"pets\",\"ts\":%d,\"predicted\":\"%s\"}".formatted(i + 1, ts, PETS[i][0]));
            kafka.produce("wi-labels", null, "{\"id\":\"p%d\",\"model\":\"pets\",\"ts\":%d,\"actual\":\"%s\"}".formatted(i + 1, ts + 1000, PETS[i][1]));
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void anotherThresholdGivesTheMatrixCountedByHand() throws Exception {
        Path out = dir.resolve("threshold");
        CliRun run = backfill("--output", out.toString(), "--set", "models.bin.threshold=0.25");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode bin = Json.MAPPER.readTree(out.resolve("bin.json").toFile());
        assertThat(bin.path("classes").toString()).isEqualTo("[\"0\",\"1\"]");
        assertThat(bin.path("counts").toString()).isEqualTo("[[1.0,3.0],[1.0,3.0]]");
        CliRun live = backfill("--output", dir.resolve("as-live").toString());
        JsonNode asLive = Json.MAPPER.readTree(dir.resolve("as-live").resolve("bin.json").toFile());
        assertThat(asLive.path("counts").toString()).as("the live threshold").isEqualTo("[[3.0,1.0],[2.0,2.0]]");
        assertThat(applicationId(live)).as("a what-if has its own application id").isNotEqualTo(applicationId(run));
    }

    @Test
    void aClassMergeGivesTheMergedMatrix() throws Exception {
        Path out = dir.resolve("merge");
        CliRun run = backfill("--output", out.toString(), "--set", "models.pets.rename.cat=mammal", "--set", "models.pets.rename.dog=mammal");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode pets = Json.MAPPER.readTree(out.resolve("pets.json").toFile());
        assertThat(pets.path("classes").toString()).isEqualTo("[\"bird\",\"mammal\"]");
        assertThat(pets.path("counts").toString()).isEqualTo("[[1.0,1.0],[1.0,4.0]]");
    }

    @Test
    void compareShowsTheDifferencePerCellAgainstARunningMonitor() throws Exception {
        Config liveConfig = Config.load(null, Map.of(), Map.of("bootstrap.servers", kafka.bootstrapServers(), "application.id", "wi-live",
                "http.host", "127.0.0.1", "http.port", "0", "state.dir", Files.createTempDirectory("wi-live").toString(),
                "topics.predictions", "wi-predictions", "topics.labels", "wi-labels", "topics.dlq", "wi-dlq", "topics.snapshots", "wi-snapshots"));
        try (Monitor live = Monitor.start(liveConfig, Monitor.Instruments.NONE)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> live.local().summary("bin").joined() == 8 && live.local().summary("pets").joined() == 7);
            CliRun run = backfill("--set", "models.bin.threshold=0.25", "--compare", "http://127.0.0.1:" + live.httpPort());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            // actual, predicted, replayed, live, difference
            assertThat(run.out()).containsPattern("\\n\\s+0\\s+0\\s+1\\s+3\\s+-2\\n").containsPattern("\\n\\s+0\\s+1\\s+3\\s+1\\s+2\\n")
                    .containsPattern("\\n\\s+1\\s+0\\s+1\\s+2\\s+-1\\n").containsPattern("\\n\\s+1\\s+1\\s+3\\s+2\\s+1\\n")
                    .containsPattern("\\n\\s+cat\\s+dog\\s+1\\s+1\\s+0\\n");
        }
    }

    private static CliRun backfill(String... extra) {
        List<String> args = new ArrayList<>(List.of("backfill", "--bootstrap-servers", kafka.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--set", "topics.predictions=wi-predictions", "--set", "topics.labels=wi-labels"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        System.out.println(run.out() + run.err());
        return run;
    }

    private static String applicationId(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("backfill ")).findFirst().orElseThrow().split("[ :]")[1];
    }
}
