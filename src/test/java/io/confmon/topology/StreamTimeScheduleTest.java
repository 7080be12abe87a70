package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamTimeSchedule} runs its work at the stream times Kafka Streams' own stream-time
 * punctuation runs it, checked against a real punctuation on the same records (the test driver
 * punctuates after each record, as the schedule is checked).
 */
class StreamTimeScheduleTest {
    private static final long INTERVAL = 60_000;

    @Test
    void dueWhereAStreamTimePunctuationRuns() {
        Random random = new Random(20_261_202L);
        List<Long> timestamps = new ArrayList<>();
        long t = 1_764_000_000_000L;
        for (int i = 0; i < 2_000; i++) {
            // Mostly small steps, some back in time (stream time stays), some jumps over several intervals.
            int kind = random.nextInt(20);
            t += kind == 0 ? -random.nextInt(100_000) : kind == 1 ? random.nextInt(400_000) : random.nextInt(5_000);
            timestamps.add(t);
        }

        List<Long> punctuated = new ArrayList<>();
        List<Long> scheduled = new ArrayList<>();
        Topology topology = new Topology();
        topology.addSource("in", new LongDeserializer(), new LongDeserializer(), "in");
        topology.addProcessor("both", () -> new Processor<Long, Long, Void, Void>() {
            private ProcessorContext<Void, Void> context;
            private final StreamTimeSchedule schedule = new StreamTimeSchedule(INTERVAL);

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                this.context = context;
                context.schedule(java.time.Duration.ofMillis(INTERVAL), PunctuationType.STREAM_TIME, punctuated::add);
            }

            @Override
            public void process(Record<Long, Long> record) {
                long now = context.currentStreamTimeMs();
                if (schedule.due(now)) scheduled.add(now);
            }
        }, "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stream-time-schedule");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<Long, Long> in = driver.createInputTopic("in", new LongSerializer(), new LongSerializer());
            for (long ts : timestamps) in.pipeInput(1L, ts, ts);
        }

        assertThat(punctuated).hasSizeGreaterThan(50);
        assertThat(scheduled).isEqualTo(punctuated);
    }

    @Test
    void dueAtTheFirstDataThenOncePerIntervalSkippingTheMissed() {
        StreamTimeSchedule s = new StreamTimeSchedule(10);

        assertThat(s.due(3)).isTrue();
        assertThat(s.due(9)).isFalse();
        assertThat(s.due(10)).isTrue();
        assertThat(s.due(19)).isFalse();
        assertThat(s.due(55)).as("jumped past 20..50: due once").isTrue();
        assertThat(s.due(59)).isFalse();
        assertThat(s.due(60)).isTrue();
    }
}
