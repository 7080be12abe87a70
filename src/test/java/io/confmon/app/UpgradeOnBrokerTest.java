package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrade in place on a real broker: the changelog topics hold the state confmon 0.1.0 wrote (the
 * fixtures of src/test/resources/upgrade/0.1.0, made by 0.1.0's code), this version starts with
 * no local state, restores from them, processes the scenario's second half, and serves the counts
 * and matrices 0.1.0 itself read after it.
 */
class UpgradeOnBrokerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern TOTALS = Pattern.compile("totals \\[(.*)] joined=(\\d+) expired=(\\d+) orphan_expired=(\\d+) "
            + "late=(\\d+) duplicate=(\\d+) correction=(\\d+) dead_letter=(\\d+) pending=(\\d+)");
    private static final Pattern BUCKET = Pattern.compile("bucket \\[(.*)] (\\d+) \\{(.*)} predictions=(\\d+)(.*)");
    private static final Pattern CELL = Pattern.compile(" \\[([^]]*)]->\\[([^]]*)] (\\d+)/(\\d+)");
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void stateWrittenByZeroPointOneIsRestoredAndProcessingContinuesExactly() throws Exception {
        String prefix = "upg-";
        String app = "upg-app";
        for (String t : List.of("predictions", "labels", "dlq", "snapshots")) kafka.createTopic(prefix + t, 1);
        long now = System.currentTimeMillis();
        for (String store : List.of("join-entries", "join-expiry", "join-deltas", "buckets", "model-totals")) {
            String changelog = app + "-" + store + "-changelog";
            kafka.admin().createTopics(Set.of(new NewTopic(changelog, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
            for (String line : lines("stores/" + store + ".kv")) {
                String[] kv = line.split(" ", -1);
                kafka.produce(new ProducerRecord<>(changelog, 0, now, HEX.parseHex(kv[0]), HEX.parseHex(kv[1])));
            }
        }
        List<String[]> events = lines("second-half.events").stream().map(l -> l.split("\t", 3)).toList();
        for (String[] e : events.subList(0, events.size() - 1)) produce(prefix, e, now);

        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), app, prefix);
        flags.put("slice.keys", "region,device");
        flags.put("label.horizon", "1h");
        flags.put("retention", "2d");
        try (RunningMonitor live = RunningMonitor.start(flags)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> joined(live, "fashion") == 7);
            // The event far ahead, once the others are in: it moves stream time, and expires what waits.
            produce(prefix, events.get(events.size() - 1), now);
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                    .until(() -> live.model("fashion").get("expired").asLong() == 1 && live.model("clock") != null);

            List<String> expected = lines("read-after-second-half.txt");
            for (String line : expected) {
                Matcher t = TOTALS.matcher(line);
                if (!t.matches() || t.group(1).isEmpty()) continue;
                JsonNode m = live.model(t.group(1));
                assertThat(m).as("model %s", t.group(1)).isNotNull();
                assertThat(List.of(m.get("joined").asLong(), m.get("expired").asLong(), m.get("orphanExpired").asLong(),
                        m.get("late").asLong(), m.get("duplicates").asLong(), m.get("corrections").asLong(),
                        m.get("deadLetters").asLong(), m.get("pending").asLong()))
                        .as("counts of %s", t.group(1))
                        .containsExactly(Long.parseLong(t.group(2)), Long.parseLong(t.group(3)), Long.parseLong(t.group(4)),
                                Long.parseLong(t.group(5)), Long.parseLong(t.group(6)), Long.parseLong(t.group(7)),
                                Long.parseLong(t.group(8)), Long.parseLong(t.group(9)));
            }
            for (String model : List.of("fashion", "mod\u00e8le \u00fc")) {
                String path = "/api/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/matrix";
                assertThat(cells(live.get(path))).as("matrix of %s", model).isEqualTo(expectedCells(expected, model, null));
                assertThat(cells(live.get(path + "?slice=region:eu-west"))).as("eu-west matrix of %s", model)
                        .isEqualTo(expectedCells(expected, model, "region=eu-west"));
            }
        }
    }

    private static long joined(RunningMonitor live, String model) {
        JsonNode m = live.model(model);
        return m == null ? -1 : m.get("joined").asLong();
    }

    private static void produce(String prefix, String[] e, long now) {
        kafka.produce(new ProducerRecord<>(prefix + e[0], null, now, null, e[2].getBytes(StandardCharsets.UTF_8)));
    }

    /** Cells (in weight units of 1e-6) over the buckets of the expected reads, of one slice pair or all. */
    private static Map<String, Map<String, Long>> expectedCells(List<String> expected, String model, String slicePair) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (String line : expected) {
            Matcher b = BUCKET.matcher(line);
            if (!b.matches() || !b.group(1).equals(model)) continue;
            if (slicePair != null && !List.of(b.group(3).split(", ")).contains(slicePair)) continue;
            Matcher c = CELL.matcher(b.group(5));
            while (c.find()) out.computeIfAbsent(c.group(1), x -> new TreeMap<>()).merge(c.group(2), Long.parseLong(c.group(3)), Long::sum);
        }
        return out;
    }

    private static Map<String, Map<String, Long>> cells(JsonNode doc) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        List<String> classes = new ArrayList<>();
        doc.get("classes").forEach(c -> classes.add(c.asText()));
        for (int a = 0; a < classes.size(); a++) {
            for (int p = 0; p < classes.size(); p++) {
                long units = Math.round(doc.get("counts").get(a).get(p).asDouble() * 1_000_000);
                if (units != 0) out.computeIfAbsent(classes.get(a), x -> new TreeMap<>()).put(classes.get(p), units);
            }
        }
        return out;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(UpgradeOnBrokerTest.class.getResource("/upgrade/0.1.0/" + file).toURI()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
