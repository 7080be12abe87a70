package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.cli.CliRun;
import io.confmon.demo.EventGenerator;
import io.confmon.demo.GeneratedRecord;
import io.confmon.demo.GeneratorSettings;
import io.confmon.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confmon backfill} in a child JVM, SIGKILLed once it has committed part of the input, then
 * run again with the same settings: the second run continues (it says how much an earlier run
 * read) and writes matrix documents, heatmaps and OpenMetrics byte-identical to an uninterrupted run.
 */
class KillAndRerunTest {
    private static final long PAIRS = 60_000;
    private static TestBroker kafka;

    @BeforeAll
    static void events() {
        kafka = TestBroker.start();
        kafka.createTopic("kr-predictions", 3);
        kafka.createTopic("kr-labels", 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            // Stamped now: with the generator's event time (last year) the broker's retention would delete them.
            new EventGenerator(GeneratorSettings.of(3, 10)).generate(PAIRS, r -> producer.send(new ProducerRecord<>(
                    r.kind() == GeneratedRecord.Kind.PREDICTION ? "kr-predictions" : "kr-labels", r.key(), r.value())));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aKillInTheMiddleAndARerunGiveByteIdenticalOutputs(@TempDir Path dir) throws Exception {
        CliRun reference = CliRun.of(args(dir, "reference").toArray(String[]::new));
        assertThat(reference.exitCode()).as(reference.out() + reference.err()).isZero();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.confmon.cli.Main"));
        command.addAll(args(dir, "killed"));
        Path log = dir.resolve("killed.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long total = 2 * PAIRS;
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .failFast("the child exited before it was killed", () -> !child.isAlive())
                    .until(() -> committed("killed") > total / 5);
        } finally {
            child.destroyForcibly(); // SIGKILL: no close, no last commit
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long atKill = committed("killed");
        assertThat(atKill).as("killed in the middle").isLessThan(total);

        CliRun rerun = CliRun.of(args(dir, "killed").toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
        assertThat(rerun.out()).as("the rerun continues").containsPattern("records in \\[kr-predictions, kr-labels\\], [1-9][0-9,]* of them read by an earlier run");
        for (String file : List.of("out/bench.json", "out/bench.png", "history.om")) {
            assertThat(Files.readAllBytes(dir.resolve("killed").resolve(file))).as(file).isEqualTo(Files.readAllBytes(dir.resolve("reference").resolve(file)));
        }
        assertThat(Files.size(dir.resolve("reference").resolve("history.om"))).isGreaterThan(10_000);
    }

    private static List<String> args(Path dir, String name) {
        Path home = dir.resolve(name);
        return List.of("backfill", "--bootstrap-servers", kafka.bootstrapServers(), "--state-dir", home.resolve("state").toString(),
                "--application-id", "kr-" + name, "--set", "topics.predictions=kr-predictions", "--set", "topics.labels=kr-labels",
                // Small commits so that a kill finds part of the input committed.
                "--set", "streams.commit.interval.ms=300",
                "--output", home.resolve("out").toString(), "--openmetrics", home.resolve("history.om").toString());
    }

    private static long committed(String name) throws Exception {
        var admin = kafka.admin();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (String t : List.of("kr-predictions", "kr-labels")) {
            admin.describeTopics(List.of(t)).allTopicNames().get(30, TimeUnit.SECONDS).get(t).partitions()
                    .forEach(p -> latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(Map.of("kr-" + name,
                new ListConsumerGroupOffsetsSpec().topicPartitions(Set.copyOf(latest.keySet())))).partitionsToOffsetAndMetadata("kr-" + name)
                .get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
