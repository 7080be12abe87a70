package io.confmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final Duration HORIZON = Duration.ofDays(7);

    @Test
    void theSameSeedGivesTheSameBytes() {
        List<GeneratedRecord> a = new EventGenerator(GeneratorSettings.of(42, 10)).records(5_000);
        List<GeneratedRecord> b = new EventGenerator(GeneratorSettings.of(42, 10)).records(5_000);
        List<GeneratedRecord> other = new EventGenerator(GeneratorSettings.of(43, 10)).records(5_000);
        assertThat(a).hasSize(10_000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).timestamp()).isEqualTo(b.get(i).timestamp());
        }
        boolean differs = false;
        for (int i = 0; i < a.size() && !differs; i++) differs = !java.util.Arrays.equals(a.get(i).value(), other.get(i).value());
        assertThat(differs).isTrue();
    }

    @Test
    void itsHandWrittenJsonIsWhatEventJsonWrites() {
        for (GeneratedRecord r : new EventGenerator(GeneratorSettings.of(1, 10)).records(2_000)) {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(new String(EventJson.encode(r.event()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyIdHasOnePredictionAndOneLaterLabelAndTheSetShareComesFirst() {
        GeneratorSettings settings = GeneratorSettings.of(9, 10).withLabelsFirst(0.25).withShuffleWindow(500);
        Map<String, Integer> predictionAt = new HashMap<>();
        Map<String, Long> predictionTs = new HashMap<>();
        int[] position = {0};
        long[] labelsFirst = {0};
        GeneratedSummary summary = new EventGenerator(settings).generate(20_000, r -> {
            String id = new String(r.key(), StandardCharsets.US_ASCII);
            assertThat(id).hasSize(16).startsWith("req-");
            if (r.kind() == GeneratedRecord.Kind.PREDICTION) {
                assertThat(predictionAt.put(id, position[0])).isNull();
                predictionTs.put(id, r.timestamp());
            } else if (!predictionAt.containsKey(id)) {
                labelsFirst[0]++;
            }
            position[0]++;
        });
        assertThat(predictionAt).hasSize(20_000);
        assertThat(position[0]).isEqualTo(40_000);
        assertThat(summary.labelsFirst()).isEqualTo(labelsFirst[0]);
        assertThat(labelsFirst[0] / 20_000.0).isCloseTo(0.25, within(0.015));
        // Prediction times rise evenly over the span.
        assertThat(predictionTs.get("req-000000000000")).isEqualTo(GeneratorSettings.DEFAULT_START_MS);
        assertThat(predictionTs.get("req-000000019999")).isLessThan(GeneratorSettings.DEFAULT_START_MS + Duration.ofHours(1).toMillis());
        for (GeneratedRecord r : new EventGenerator(settings).records(2_000)) {
            if (r.kind() == GeneratedRecord.Kind.LABEL) {
                assertThat(r.timestamp()).isGreaterThan(predictionTs.get(new String(r.key(), StandardCharsets.US_ASCII)));
            }
        }
    }

    @Test
    void theOracleAgreesWithTheSummaryForFashionAndForAHundredClasses() {
        for (int k : new int[] {10, 100}) {
            GeneratorSettings settings = GeneratorSettings.of(77, k).withModel("m" + k);
            EventGenerator generator = new EventGenerator(settings);
            List<SentEvent> sent = new java.util.ArrayList<>();
            GeneratedSummary summary = generator.generate(30_000, r -> sent.add(Generated.sentEvent(r, "predictions", "labels")));
            OracleResult expected = Oracle.withClasses(HORIZON, generator.classes()).expected(sent);
            assertThat(expected.units().get("m" + k)).isEqualTo(Generated.expectedUnits(summary));
            assertThat(expected.tally("m" + k).joined()).isEqualTo(30_000);
            assertThat(Generated.correct(summary) / 30_000.0).isBetween(0.87, 0.93);
        }
    }

    @Test
    void aHundredClassesAreNamedInOrder() {
        List<String> classes = new EventGenerator(GeneratorSettings.of(1, 100)).classes();
        assertThat(classes).hasSize(100);
        assertThat(classes.get(0)).isEqualTo("class-000");
        assertThat(classes.get(99)).isEqualTo("class-099");
    }

    @Test
    void aMillionPairsTakeLittleTime() {
        long[] bytes = {0};
        long start = System.nanoTime();
        new EventGenerator(GeneratorSettings.of(5, 100)).generate(1_000_000, r -> bytes[0] += r.value().length);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(bytes[0]).isGreaterThan(100_000_000L);
        // Generous for a loaded 2-core box; in practice well under 2 s.
        assertThat(seconds).isLessThan(20);
    }
}
