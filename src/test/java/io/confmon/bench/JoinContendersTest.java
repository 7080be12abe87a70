package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confmon.demo.EventGenerator;
import io.confmon.demo.GeneratedRecord;
import io.confmon.demo.GeneratedSummary;
import io.confmon.demo.GeneratorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's join contenders count every generated pair once (so their rates are rates of a
 * correct join), and the benchmark's count check reports a join that loses a pair.
 */
class JoinContendersTest {
    private static final int PAIRS = 3_000;

    @ParameterizedTest
    @ValueSource(strings = {"dsl", "bare"})
    void countsEqualTheGenerators(String contender) throws IOException {
        Run run = run(contender, r -> true);
        assertThat(run.counted().total()).isEqualTo(PAIRS);
        assertThat(run.expected().mismatch(run.counted())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsl", "bare"})
    void theCheckReportsALostPair(String contender) throws IOException {
        byte[] lostId = "req-000000000042".getBytes();
        Run run = run(contender, r -> !(r.kind() == GeneratedRecord.Kind.LABEL && java.util.Arrays.equals(r.key(), lostId)));
        Optional<String> mismatch = run.expected().mismatch(run.counted());
        assertThat(mismatch).isPresent();
        assertThat(mismatch.get()).startsWith(PAIRS - 1 + " counted in all, " + PAIRS + " expected; 1 cells differ");
    }

    @Test
    void theCheckReportsADoubleCount() {
        CellCounts expected = new CellCounts();
        expected.add("cat", "dog", 3);
        expected.add("dog", "dog", 5);
        CellCounts counted = CellCounts.of(expected.asMap());
        counted.add("cat", "dog", 1);
        assertThat(expected.mismatch(counted)).hasValue("9 counted in all, 8 expected; 1 cells differ: (cat, dog): 4 counted, 3 expected");
        assertThat(expected.mismatch(CellCounts.of(expected.asMap()))).isEmpty();
    }

    @Test
    void classFieldReadsNamesAndIndexesAndNamesWhatIsMissing() {
        assertThat(ClassField.read("{\"id\":\"a\",\"scores\":[0.1,0.9],\"predicted\":\"T-shirt/top\"}", ClassField.PREDICTED))
                .isEqualTo("T-shirt/top");
        assertThat(ClassField.read("{\"id\":\"a\",\"meta\":{\"actual\":\"no\"},\"actual\":3}".getBytes(), ClassField.ACTUAL)).isEqualTo("3");
        assertThatThrownBy(() -> ClassField.read("{\"id\":\"a\"}", ClassField.ACTUAL)).hasMessageContaining("no \"actual\" field");
    }

    private record Run(CellCounts expected, CellCounts counted) {}

    private static Run run(String contender, Predicate<GeneratedRecord> send) throws IOException {
        GeneratorSettings settings = GeneratorSettings.of(3, 10).withModel("bench");
        List<GeneratedRecord> records = new ArrayList<>();
        GeneratedSummary summary = new EventGenerator(settings).generate(PAIRS, records::add);
        BiFunction<String, String, Topology> build = contender.equals("dsl") ? TextbookDslJoin::build : BareProcessorJoin::build;
        String store = contender.equals("dsl") ? TextbookDslJoin.COUNT_STORE : BareProcessorJoin.COUNT_STORE;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("confmon-bench-ttd").toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(build.apply("predictions", "labels"), props)) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> labels = driver.createInputTopic("labels", new ByteArraySerializer(), new ByteArraySerializer());
            for (GeneratedRecord r : records) {
                if (!send.test(r)) continue;
                (r.kind() == GeneratedRecord.Kind.PREDICTION ? predictions : labels).pipeInput(r.key(), r.value(), r.timestamp());
            }
            CellCounts counted = new CellCounts();
            try (KeyValueIterator<String, Long> it = driver.<String, Long>getKeyValueStore(store).all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    counted.addKey(kv.key, kv.value);
                }
            }
            return new Run(CellCounts.expected(summary), counted);
        }
    }
}
