package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.TestBroker;
import io.confmon.topology.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade from 0.1 by the README's two bounces, two instances on a real broker, traffic
 * flowing throughout: B runs this version with {@code upgrade.from=0.1} beside A (0.1.0), A is then
 * bounced to this version (with the setting), then B and A are bounced again without it. Every count and
 * matrix at the end equals what the input says.
 *
 * <p>Instance A before its first bounce is either this version under {@code upgrade.from=0.1}
 * (whose bytes are 0.1.0's: UpgradeFromWritersTest) or, in the second test, 0.1.0's own jar in a
 * child JVM. While any instance may still be 0.1.0, every record on the changelogs and the
 * repartition topics must be in a 0.1.0 layout, so a 0.1.0 instance is handed only what it can read.
 */
class RollingUpgradeTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final String[] CLASSES = {"cat", "dog", "owl"};
    private static final List<String> MODELS = List.of("alpha", "beta", "gamma");
    private static final int PER_STEP = 60;
    private static final String APP = "ru";
    private static final String PREFIX = "ru-";

    /** confmon 0.1.0's jar, built as twoBouncesWithZeroPointOneJarAsFirstInstance says; that test skips without it. */
    private static final java.nio.file.Path JAR_010 = java.nio.file.Path.of("/tmp/confmon-010/target/confmon.jar");
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static TestBroker kafka;
    private String app = APP;
    private String prefix = PREFIX;
    /** model -> "actual->predicted" -> pairs, from the input produced. */
    private final Map<String, Map<String, Long>> expected = new TreeMap<>();
    private int produced;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** A running instance: this version in the test JVM, or 0.1.0's jar in a child JVM. */
    interface Instance extends AutoCloseable {
        String base();

        @Override
        void close();
    }

    record InJvm(RunningMonitor m) implements Instance {
        public String base() {
            return m.base;
        }

        public void close() {
            m.close();
        }
    }

    /** {@code java -jar confmon-0.1.0.jar run ...}, stopped with SIGTERM (a clean shutdown, as a bounce does). */
    record ChildJvm(Process process, String base) implements Instance {
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void twoBouncesWithTrafficKeepEveryCount() throws Exception {
        run(() -> new InJvm(RunningMonitor.start(settings("0.1"))));
    }

    /**
     * The same, with instance A running confmon 0.1.0's own jar (commit 637cc94) until its first
     * bounce: 0.1.0's code reads what B writes under {@code upgrade.from=0.1}, and B reads what
     * 0.1.0 writes. Build the jar with {@code git worktree add /tmp/confmon-010 637cc94 && cd
     * /tmp/confmon-010 && mvn -o -q -DskipTests package}.
     */
    @Test
    void twoBouncesWithZeroPointOneJarAsFirstInstance() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(JAR_010),
                "confmon 0.1.0's jar is not at " + JAR_010 + "; build it with: git worktree add /tmp/confmon-010 637cc94"
                        + " && cd /tmp/confmon-010 && mvn -o -q -DskipTests package");
        app = "rj";
        prefix = "rj-";
        run(this::startZeroPointOneJar);
    }

    interface Starter {
        Instance start() throws Exception;
    }

    private Instance startZeroPointOneJar() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        java.nio.file.Path log = java.nio.file.Files.createTempFile("confmon-010-", ".log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR_010.toString(),
                "run", "-b", kafka.bootstrapServers(), "--application-id", app, "--http-port", String.valueOf(port),
                "--state-dir", java.nio.file.Files.createTempDirectory("confmon-010-state").toString()));
        Map<String, String> s = settings("0.1");
        for (String key : List.of("topics.predictions", "topics.labels", "topics.dlq", "topics.snapshots", "flush.interval",
                "snapshot.interval", "streams.commit.interval.ms", "slice.keys", "http.host")) {
            cmd.add("--set");
            cmd.add(key + "=" + s.get(key));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        System.out.println("RollingUpgradeTest: confmon 0.1.0 started, log " + log);
        return new ChildJvm(p, "http://127.0.0.1:" + port);
    }

    private void run(Starter firstA) throws Exception {
        kafka.createTopic(prefix + "predictions", 4);
        kafka.createTopic(prefix + "labels", 4);
        TopicSetup.createOutputs(Config.load(null, Map.of(), settings("0.1")));

        Instance a = firstA.start();
        Instance b = new InJvm(RunningMonitor.start(settings("0.1")));
        Instance a2 = null;
        Instance b3 = null;
        Instance a3 = null;
        try {
            produce(PER_STEP);
            // Asked of B (this version), which asks A for the models A holds.
            awaitCounts(b);
            assertBothMembersHoldPartitions();
            assertOnlyZeroPointOneLayouts();

            // First bounce of A, traffic before, during and after.
            produce(PER_STEP / 2);
            a.close();
            produce(PER_STEP / 2);
            a2 = new InJvm(RunningMonitor.start(settings("0.1")));
            produce(PER_STEP / 2);
            awaitCounts(a2);
            awaitCounts(b);
            assertOnlyZeroPointOneLayouts();

            // Second bounce: every instance now runs the new code, so the setting goes.
            b.close();
            produce(PER_STEP / 2);
            b3 = new InJvm(RunningMonitor.start(settings("none")));
            produce(PER_STEP / 2);
            a2.close();
            produce(PER_STEP / 2);
            a3 = new InJvm(RunningMonitor.start(settings("none")));
            produce(PER_STEP / 2);
            awaitCounts(a3);
            awaitCounts(b3);
            assertThat(produced).as("pairs produced").isEqualTo(PER_STEP + 3 * (PER_STEP / 2) + 4 * (PER_STEP / 2));
        } finally {
            for (Instance m : new Instance[] {a3, b3, a2, b, a}) if (m != null) m.close();
        }
    }

    private Map<String, String> settings(String upgradeFrom) throws java.io.IOException {
        Map<String, String> s = RunningMonitor.settings(kafka.bootstrapServers(), app, prefix);
        s.put("slice.keys", "region");
        s.put("upgrade.from", upgradeFrom);
        return s;
    }

    /** {@code n} pairs, over the models, with slices (0.1.0 stored them as a string) and one label per id. */
    private void produce(int n) {
        for (int k = 0; k < n; k++) {
            int i = produced++;
            String model = MODELS.get(i % MODELS.size());
            String predicted = CLASSES[i % 3];
            String actual = CLASSES[(i / 5) % 3];
            kafka.produce(prefix + "predictions", null, String.format(
                    "{\"id\":\"r-%d\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\",\"slice\":{\"region\":\"%s\"}}",
                    i, model, T0 + i * 1000L, predicted, i % 2 == 0 ? "eu,west" : "us"));
            kafka.produce(prefix + "labels", null, String.format("{\"id\":\"r-%d\",\"ts\":%d,\"actual\":\"%s\"}",
                    i, T0 + i * 1000L + 500, actual));
            expected.computeIfAbsent(model, m -> new TreeMap<>()).merge(actual + "->" + predicted, 1L, Long::sum);
        }
    }

    /** Waits until the instance serves every model with exactly the expected counts and matrix, then checks them. */
    private void awaitCounts(Instance m) {
        await().atMost(180, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode models = get(m, "/api/v1/models");
                    Map<String, Long> joined = new TreeMap<>();
                    for (JsonNode row : models) {
                        joined.put(row.get("model").asText(), row.get("joined").asLong());
                        assertThat(row.get("pending").asLong()).as("pending of %s", row).isZero();
                        assertThat(row.get("duplicates").asLong()).as("duplicates of %s", row).isZero();
                        assertThat(row.get("deadLetters").asLong()).as("dead letters of %s", row).isZero();
                    }
                    Map<String, Long> want = new TreeMap<>();
                    expected.forEach((model, cells) -> want.put(model, cells.values().stream().mapToLong(Long::longValue).sum()));
                    assertThat(joined).isEqualTo(want);
                    for (String model : expected.keySet()) {
                        assertThat(cells(get(m, "/api/v1/models/" + model + "/matrix"))).as(model).isEqualTo(expected.get(model));
                    }
                });
    }

    /** A took part: the group has two members and each was assigned partitions (so A processed records). */
    private void assertBothMembersHoldPartitions() {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var group = kafka.admin().describeConsumerGroups(List.of(app)).all().get().get(app);
            assertThat(group.members()).as("members of %s", app).hasSize(2);
            group.members().forEach(member -> assertThat(member.assignment().topicPartitions()).as(member.clientId()).isNotEmpty());
        });
    }

    private static JsonNode get(Instance m, String path) throws Exception {
        java.net.http.HttpResponse<String> r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.base() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode());
        return io.confmon.json.Json.MAPPER.readTree(r.body());
    }

    private static Map<String, Long> cells(JsonNode doc) {
        Map<String, Long> out = new TreeMap<>();
        JsonNode classes = doc.get("classes");
        JsonNode counts = doc.get("counts");
        for (int i = 0; i < classes.size(); i++) {
            for (int j = 0; j < classes.size(); j++) {
                double c = counts.get(i).get(j).asDouble();
                if (c != 0) out.put(classes.get(i).asText() + "->" + classes.get(j).asText(), Math.round(c));
            }
        }
        return out;
    }

    /**
     * While a 0.1.0 instance may still run, everything it could read is in 0.1.0's layouts: the
     * changelogs it restores from and what is left on the repartition topics (Streams purges
     * what was consumed). 0.1.0's first bytes: see io.confmon.topology.Formats.
     */
    private void assertOnlyZeroPointOneLayouts() {
        List<String> wrong = new ArrayList<>();
        int seen = 0;
        for (ConsumerRecord<byte[], byte[]> r : read(changelog(Names.JOIN_STORE))) {
            seen++;
            if (r.value() != null && r.value()[0] != 0) wrong.add("join entry " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(changelog(Names.EXPIRY_STORE))) {
            if ((r.key()[0] & 0xFF) != 0x80) wrong.add("expiry key " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(changelog(Names.DELTA_STORE))) {
            if (r.key()[0] < 1 || r.key()[0] > 3) wrong.add("delta entry " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(changelog(Names.BUCKET_STORE))) {
            seen++;
            if ((r.key()[0] & 0xFF) == 0xF5) wrong.add("bucket key " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(changelog(Names.TOTALS_STORE))) {
            seen++;
            if (r.value() != null && (r.value()[0] & 1) != 0) wrong.add("totals " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(app + "-" + Names.BY_ID + "-repartition")) {
            if (r.value()[0] < 1 || r.value()[0] > 3) wrong.add("by-id record " + r.offset());
        }
        for (ConsumerRecord<byte[], byte[]> r : read(app + "-" + Names.BY_MODEL + "-repartition")) {
            if (r.headers().lastHeader("confmon.format") != null) wrong.add("by-model record " + r.offset());
        }
        assertThat(seen).as("changelog records read").isPositive();
        assertThat(wrong).as("records in a layout 0.1.0 cannot read").isEmpty();
    }

    private String changelog(String store) {
        return app + "-" + store + "-changelog";
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return kafka.consumeAll(topic, true, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
