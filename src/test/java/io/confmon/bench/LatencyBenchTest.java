package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confmon.demo.EventGenerator;
import io.confmon.demo.GeneratorSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Part latency: each catch-up's pairs are new ones, and the goal line says met only under 250 ms with every pair served. */
class LatencyBenchTest {
    @Test
    void eachPassSendsPairsWithIdsOfItsOwn() {
        List<String> prefixes = IntStream.rangeClosed(1, LatencyBench.MAX_PASSES).mapToObj(LatencyBench::passIds).toList();

        assertThat(prefixes).allMatch(p -> p.length() == 4).doesNotHaveDuplicates().doesNotContain(MonitorBenchLoad.GENERATOR_ID_PREFIX);
        assertThatThrownBy(() -> LatencyBench.passIds(LatencyBench.MAX_PASSES + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherIdPrefixChangesTheKeyAndTheJsonIdAndNothingElse() {
        List<ProducerRecord<byte[], byte[]>> generated = new ArrayList<>();
        new EventGenerator(GeneratorSettings.of(1, 10)).generate(50, r -> generated.add(r.toProducerRecord("p", "l")));
        Set<String> ids = new HashSet<>();

        for (ProducerRecord<byte[], byte[]> r : generated) {
            ProducerRecord<byte[], byte[]> moved = MonitorBenchLoad.withIdPrefix(r, "p3--");
            String key = new String(r.key(), StandardCharsets.US_ASCII);
            String json = new String(r.value(), StandardCharsets.UTF_8);

            assertThat(new String(moved.key(), StandardCharsets.US_ASCII)).isEqualTo("p3--" + key.substring(4));
            assertThat(new String(moved.value(), StandardCharsets.UTF_8)).isEqualTo(json.replace("\"id\":\"" + key, "\"id\":\"p3--" + key.substring(4)));
            assertThat(moved.topic()).isEqualTo(r.topic());
            assertThat(moved.timestamp()).isEqualTo(r.timestamp());
            ids.add(new String(moved.key(), StandardCharsets.US_ASCII));
        }
        assertThat(ids).hasSize(50).allMatch(id -> id.startsWith("p3--"));
        assertThat(MonitorBenchLoad.withIdPrefix(generated.get(0), MonitorBenchLoad.GENERATOR_ID_PREFIX)).isSameAs(generated.get(0));
    }

    @Test
    void aRecordTheGeneratorDidNotMakeIsRefused() {
        ProducerRecord<byte[], byte[]> other = new ProducerRecord<>("p", "bg-1".getBytes(StandardCharsets.US_ASCII),
                "{\"id\":\"bg-1\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> MonitorBenchLoad.withIdPrefix(other, "p2--")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bg-1");
    }

    @Test
    void theGoalLineSaysMetOnlyUnderTheGoalWithEveryPairServed() {
        String report = report(List.of(
                result(10, List.of(100.0, 240.0)),
                result(100, List.of(100.0, 260.0))));
        String behind = report(List.of(new LatencyBench.Result(10, List.of(30_000.0, 60_000.0), latency(List.of(80.0)),
                new MonitorBenchResult.LoadedLatency(new MonitorBenchResult.Latency(List.of(90.0), 1), 30_000), 0.6, Map.of(), Map.of(), 0, 0)));

        assertThat(report).contains("goal, K=10: p99 at half the maximum rate (30,000 of 60,000 records/s) 240 ms (goal <= 250 ms: met)");
        assertThat(report).contains("goal, K=100: p99 at half the maximum rate (30,000 of 60,000 records/s) 260 ms (goal <= 250 ms: NOT met)");
        assertThat(report).contains("| 10 | 30,000, 60,000 | 80 / 80 / 80 ms (1 pairs) | 30,000 | 100 / 240 / 240 ms (2 pairs) | 60 % | 70 % | 90 % | 20 % | 1,200 / 35 |");
        assertThat(behind).contains("goal, K=10: p99 at half the maximum rate (30,000 of 60,000 records/s) not reached (the monitor fell behind) "
                + "(goal <= 250 ms: NOT met)");
    }

    private static LatencyBench.Result result(int k, List<Double> underLoad) {
        return new LatencyBench.Result(k, List.of(30_000.0, 60_000.0), latency(List.of(80.0)),
                new MonitorBenchResult.LoadedLatency(latency(underLoad), 30_000), 0.6, Map.of(0, 0.9, 1, 0.7), Map.of(0, 0.2, 1, 0.05), 1_200, 35);
    }

    private static MonitorBenchResult.Latency latency(List<Double> sortedMs) {
        return new MonitorBenchResult.Latency(sortedMs);
    }

    private static String report(List<LatencyBench.Result> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LatencyBench.Settings settings = new LatencyBench.Settings(1_000_000, List.of(10, 100), 200, 3, 4, OptionalDouble.empty(), Map.of());
        LatencyBench.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), settings, CpuPinning.split(List.of(0, 1)), results, "before", "after");
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
