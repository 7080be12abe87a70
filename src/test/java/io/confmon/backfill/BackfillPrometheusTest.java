package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.cli.CliRun;
import io.confmon.demo.FashionClassifier;
import io.confmon.testing.OutsideTools;
import io.confmon.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of the demo classifier's traffic in the past, drifting at hour 20 (Shirt predicted as
 * T-shirt/top), replayed on a real broker by {@code confmon backfill --openmetrics --alerts}: the
 * file goes through the real {@code promtool tsdb create-blocks-from openmetrics} and the shipped
 * rule file's recording rules through {@code create-blocks-from rules}; a real Prometheus on the
 * result answers queries over the past with the values a live refresh at those moments exports,
 * counted here from the generated events, and the backtest names the drifting pair.
 */
class BackfillPrometheusTest {
    private static final long START = 1_763_856_000_000L; // 2025-11-23T00:00:00Z
    private static final long MIN = 60_000L;
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void theBackfilledPastIsWhatTheLiveGaugesShowedAndTheAlertFindsTheDrift(@TempDir Path dir) throws Exception {
        OutsideTools.require("promtool", "apt-get install prometheus");
        Path prometheusBinary = OutsideTools.require("prometheus", "apt-get install prometheus");
        DriftingTraffic traffic = new DriftingTraffic(START, Duration.ofHours(24), Duration.ofHours(20), 40, 42);
        kafka.createTopic("bp-predictions", 3);
        kafka.createTopic("bp-labels", 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            traffic.send(producer, "bp-predictions", "bp-labels", 43);
        }
        Path om = dir.resolve("history.om");
        Path work = dir.resolve("alerts");
        CliRun run = CliRun.of("backfill", "--bootstrap-servers", kafka.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--set", "topics.predictions=bp-predictions", "--set", "topics.labels=bp-labels",
                "--openmetrics", om.toString(), "--alerts", "--tsdb", work.toString());
        System.out.println(run.out() + run.err());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(Files.readString(om)).endsWith("# EOF\n");

        // The alert fires for the drifting pair, within 45 minutes of the drift's start, and for no other pair.
        Pattern firing = Pattern.compile("ConfmonConfusionRising FIRING at (\\S+) value (\\S+) for \\{(.*?)\\}");
        Matcher m = firing.matcher(run.out());
        List<String> pairs = new ArrayList<>();
        Instant firstFiring = null;
        while (m.find()) {
            pairs.add(m.group(3));
            if (firstFiring == null) firstFiring = Instant.parse(m.group(1));
        }
        assertThat(pairs).isNotEmpty().allMatch(p -> p.contains("actual=\"Shirt\"") && p.contains("predicted=\"T-shirt/top\""));
        assertThat(firstFiring).isBetween(Instant.ofEpochMilli(traffic.driftAt), Instant.ofEpochMilli(traffic.driftAt + 45 * MIN));

        try (PrometheusProcess prometheus = PrometheusProcess.start(prometheusBinary, work.resolve("tsdb"), dir.resolve("prom"))) {
            int shirt = FashionClassifier.SHIRT;
            int tshirt = FashionClassifier.TSHIRT_TOP;
            List<Long> moments = new ArrayList<>();
            for (long t = START + 90 * MIN; t < START + 24 * 60 * MIN; t += 150 * MIN) moments.add(t);
            moments.addAll(List.of(traffic.driftAt + 20 * MIN, traffic.driftAt + 40 * MIN, traffic.driftAt + 61 * MIN));
            for (long t : moments) {
                long[][] hour = traffic.view(t, 60 * MIN);
                long[][] day = traffic.view(t, 24 * 60 * MIN);
                String at = "at " + Instant.ofEpochMilli(t);
                assertThat(value(prometheus, "confmon_confusion_ratio{window=\"1h\",actual=\"Shirt\",predicted=\"T-shirt/top\"}", t))
                        .as("Shirt -> T-shirt/top ratio of the 1h view " + at)
                        .isEqualTo((double) hour[shirt][tshirt] / DriftingTraffic.row(hour, shirt));
                assertThat(value(prometheus, "confmon_confusion{window=\"24h\",actual=\"Shirt\",predicted=\"T-shirt/top\"}", t))
                        .as("Shirt -> T-shirt/top count of the 24h view " + at).isEqualTo((double) day[shirt][tshirt]);
                assertThat(value(prometheus, "confmon_class_support{window=\"1h\",class=\"Shirt\"}", t))
                        .as("Shirt support of the 1h view " + at).isEqualTo((double) DriftingTraffic.row(hour, shirt));
                assertThat(value(prometheus, "confmon_accuracy{window=\"24h\"}", t)).as("24h accuracy " + at)
                        .isCloseTo(DriftingTraffic.accuracy(day), within(1e-12));
            }
            long late = traffic.driftAt + 40 * MIN;
            assertThat(value(prometheus, "confmon:confusion_ratio:rise{actual=\"Shirt\",predicted=\"T-shirt/top\"}", late))
                    .as("the recording rule, backfilled by promtool").isGreaterThan(0.10);
            JsonNode alerts = prometheus.query("ALERTS{alertname=\"ConfmonConfusionRising\",alertstate=\"firing\"}", late);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("metric").path("actual").asText()).isEqualTo("Shirt");
            assertThat(alerts.get(0).path("metric").path("predicted").asText()).isEqualTo("T-shirt/top");
            // Pending (the condition held at one evaluation, before its `for:`) is not a page; firing is.
            assertThat(prometheus.query("ALERTS{alertname=\"ConfmonConfusionRising\",alertstate=\"firing\"}", traffic.driftAt - 60 * MIN))
                    .as("no page before the drift").isEmpty();
        }
    }

    private static double value(PrometheusProcess prometheus, String promql, long atMs) throws Exception {
        JsonNode result = prometheus.query(promql, atMs);
        assertThat(result).as(promql + " at " + Instant.ofEpochMilli(atMs)).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
