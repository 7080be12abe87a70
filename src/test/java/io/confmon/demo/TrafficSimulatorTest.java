package io.confmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The simulator's scheduling and bookkeeping against Kafka's {@link MockProducer}: no broker. */
class TrafficSimulatorTest {
    private static final Duration HORIZON = Duration.ofDays(7);

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static SimulatorSettings fast() {
        return SimulatorSettings.defaults().withSeed(8).withIdPrefix("sim-").withRate(2_000)
                .withLabelDelay(LabelDelay.fast()).withCanary().withLog(true);
    }

    @Test
    void sendsEveryPlannedRecordAndCountsIt() throws InterruptedException {
        MockProducer<byte[], byte[]> producer = producer();
        try (TrafficSimulator sim = new TrafficSimulator(producer, fast(), Clock.systemUTC())) {
            sim.start(Duration.ofMillis(300));
            assertThat(sim.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            SentCounts c = sim.counts();
            List<SentEvent> sent = sim.sentEvents();
            assertThat(c.requests()).isGreaterThan(100);
            assertThat(c.predictions()).isEqualTo(2 * c.requests());
            assertThat(c.pending()).isZero();
            assertThat(c.failed()).isZero();
            assertThat(c.labels()).isPositive();
            assertThat(sent).hasSize((int) (c.predictions() + c.labels() + c.corrections() + c.duplicates() + c.malformed()));
            assertThat(producer.history()).hasSameSizeAs(sent);
            ProducerRecord<byte[], byte[]> first = producer.history().get(0);
            assertThat(first.topic()).isEqualTo("predictions");
            assertThat(first.timestamp()).isNotNull();

            OracleResult expected = Oracle.fashion(HORIZON).expected(sent);
            for (String model : List.of(SimulatedModel.PRIMARY, SimulatedModel.CANARY)) {
                assertThat(expected.tally(model).predictions()).isEqualTo(c.requests());
                assertThat(expected.tally(model).joined()).isEqualTo(c.requests() - c.unlabelled());
            }
            assertThat(expected.malformed()).isEqualTo(c.malformed());
            assertThat(c.statusLine()).startsWith("sent " + c.predictions() + " predictions, " + c.labels() + " labels");
        }
        assertThat(producer.closed()).isFalse(); // the caller's producer stays the caller's
    }

    /**
     * History is the live traffic of the span before now, sent at once: requests at the rate with
     * event times spread over the span, every record due by now sent now (none dated later), the
     * rest when due, and every request accounted for like a live one.
     */
    @Test
    void sendsTheHistoryOfASpanAtOnceAndItsLaterLabelsWhenDue() throws InterruptedException {
        MockProducer<byte[], byte[]> producer = producer();
        SimulatorSettings settings = fast().withRate(100).withLabelDelay(new LabelDelay(Duration.ofMillis(300), 1.0, Duration.ofSeconds(2)));
        Clock clock = Clock.systemUTC();
        try (TrafficSimulator sim = new TrafficSimulator(producer, settings, clock)) {
            long before = clock.millis();
            assertThat(sim.sendHistory(Duration.ofSeconds(20))).isEqualTo(2_000);
            long after = clock.millis();
            List<ProducerRecord<byte[], byte[]>> atOnce = List.copyOf(producer.history());
            assertThat(atOnce).allSatisfy(r -> assertThat(r.timestamp()).isLessThanOrEqualTo(after));
            List<Long> predictionTimes = atOnce.stream().filter(r -> r.topic().equals("predictions"))
                    .map(ProducerRecord::timestamp).sorted().toList();
            assertThat(predictionTimes.get(0)).as("the first request, 20 s back").isBetween(before - 20_000, after - 20_000);
            assertThat(predictionTimes.get(predictionTimes.size() - 1)).as("the last request, just now").isGreaterThan(before - 100);
            assertThat(sim.counts().requests()).isEqualTo(2_000);
            assertThat(sim.counts().pending()).as("labels of the last requests, not due yet").isPositive();

            assertThat(sim.finish(Duration.ofSeconds(30))).isTrue();
            SentCounts c = sim.counts();
            assertThat(c.pending()).isZero();
            assertThat(producer.history()).as("records sent when due, after the history's moment").hasSizeGreaterThan(atOnce.size());
            OracleResult expected = Oracle.fashion(HORIZON).expected(sim.sentEvents());
            assertThat(expected.tally(SimulatedModel.PRIMARY).predictions()).isEqualTo(c.requests());
            assertThat(expected.tally(SimulatedModel.PRIMARY).joined()).isEqualTo(c.requests() - c.unlabelled());
        }
    }

    @Test
    void historyGoesBeforeStart() {
        try (TrafficSimulator sim = new TrafficSimulator(producer(), fast().withRate(1), Clock.systemUTC())) {
            sim.start();
            assertThatThrownBy(() -> sim.sendHistory(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("before start()");
        }
    }

    @Test
    void finishStopsNewRequestsButSendsTheirLabels() throws InterruptedException {
        try (TrafficSimulator sim = new TrafficSimulator(producer(), fast(), Clock.systemUTC())) {
            sim.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.counts().requests() >= 50);
            assertThat(sim.finish(Duration.ofSeconds(30))).isTrue();
            SentCounts c = sim.counts();
            assertThat(c.pending()).isZero();
            OracleResult expected = Oracle.fashion(HORIZON).expected(sim.sentEvents());
            assertThat(expected.tally(SimulatedModel.PRIMARY).joined()).isEqualTo(c.requests() - c.unlabelled());
            assertThat(sim.counts()).isEqualTo(c); // nothing more after the end
        }
    }

    @Test
    void closeStopsAtOnceLeavingLabelsUnsent() {
        SimulatorSettings slowLabels = fast().withLabelDelay(LabelDelay.demo());
        TrafficSimulator sim = new TrafficSimulator(producer(), slowLabels, Clock.systemUTC());
        sim.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.counts().pending() >= 10);
        sim.close();
        SentCounts c = sim.counts();
        assertThat(c.pending()).isGreaterThanOrEqualTo(10);
        assertThat(c.labels()).isZero();
        sim.close(); // idempotent
        assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProducerThatFailsSurfacesInFinish() {
        MockProducer<byte[], byte[]> broken = producer();
        broken.close();
        try (TrafficSimulator sim = new TrafficSimulator(broken, fast(), Clock.systemUTC())) {
            sim.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.counts().failed() > 0);
            assertThatThrownBy(() -> sim.finish(Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("traffic simulator failed");
            assertThat(sim.failure()).isNotNull();
        }
    }
}
