package io.confmon.backfill;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.topology.ConfmonTopology;
import io.confmon.topology.Listeners;
import io.confmon.topology.Names;
import io.confmon.view.LocalState;
import io.confmon.view.MatrixReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One replay of the input topics through the live topology, with the backfill's own application
 * id: no HTTP server, no periodic snapshots (a replay's wall-clock snapshots would be of a half-read
 * past), dead letters to a topic of its own (the live DLQ already holds them). It runs until it has
 * read up to the end offsets seen when it started and every delta has reached the buckets; its state
 * and committed offsets stay, so a run killed in the middle is continued by the next one.
 */
public final class Replay implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    private final Config config;
    private final KafkaStreams streams;
    private final LocalState local;
    private volatile Throwable failure;

    private Replay(Config config) {
        this.config = config;
        this.streams = new KafkaStreams(ConfmonTopology.build(Monitor.topologySettings(config), Listeners.NONE, null), properties(config));
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.local = new LocalState(streams, new MatrixReader(config.modelSettings(), config.classesMax()));
    }

    /** The dead-letter topic a replay writes: its own, so the live DLQ does not get every bad record twice. */
    public static String dlqTopic(String applicationId) {
        return applicationId + "-dlq";
    }

    /** Starts the replay and returns once it has caught up with the end offsets seen now. */
    public static Replay run(Config config, PrintWriter out, boolean terminal) throws Exception {
        List<String> inputs = List.of(config.get("topics.predictions"), config.get("topics.labels"));
        TopicSetup.create(config.kafkaProperties(), List.of(config.get("topics.dlq")), 1, Set.of(config.get("topics.dlq")));
        Replay replay = new Replay(config);
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            Map<TopicPartition, Long> ends = endOffsets(admin, inputs);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long before = committed(admin, config.applicationId(), ends, 0);
            out.printf("backfill %s: %,d records in %s, %,d of them read by an earlier run%n", config.applicationId(), total, inputs, before);
            out.flush();
            replay.streams.start();
            ReplayProgress progress = new ReplayProgress(out, terminal, total, before, System.nanoTime());
            long done = before;
            int settledChecks = 0;
            while (settledChecks < 2) {
                replay.throwIfFailed();
                Thread.sleep(POLL.toMillis());
                done = committed(admin, config.applicationId(), ends, 0);
                progress.update(done, System.nanoTime());
                boolean settled = done >= total && replay.deltasFlushed() && replay.repartitionsRead(admin);
                settledChecks = settled ? settledChecks + 1 : 0;
            }
            progress.finish(done, System.nanoTime());
            return replay;
        } catch (Exception | Error e) {
            replay.close();
            throw e;
        }
    }

    public LocalState local() {
        return local;
    }

    public Config config() {
        return config;
    }

    /** The bucket store, read-only, for reads that walk time (the local state's views read one range). */
    public ReadOnlyKeyValueStore<Bytes, byte[]> buckets() {
        return streams.store(StoreQueryParameters.fromNameAndType(Names.BUCKET_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private void throwIfFailed() {
        if (failure != null) throw new IllegalStateException("the replay failed: " + failure.getMessage(), failure);
        KafkaStreams.State s = streams.state();
        if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
            throw new IllegalStateException("the replay stopped (Kafka Streams " + s + ")");
        }
    }

    /** The join's delta buffers are empty: everything counted has been sent to the bucket tasks. */
    private boolean deltasFlushed() {
        if (streams.state() != KafkaStreams.State.RUNNING) return false;
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> deltas = streams.store(
                    StoreQueryParameters.fromNameAndType(Names.DELTA_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<Bytes, byte[]> it = deltas.all()) {
                return !it.hasNext();
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    /**
     * Both repartition topics read to their end. Under exactly-once the last entry of a partition is
     * a transaction marker, which a consumer passes without a record to commit after: one short is read.
     */
    private boolean repartitionsRead(Admin admin) throws Exception {
        String app = config.applicationId();
        List<String> topics = List.of(app + "-" + Names.BY_ID + "-repartition", app + "-" + Names.BY_MODEL + "-repartition");
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
        long slack = config.exactlyOnce() ? 1 : 0;
        Map<TopicPartition, OffsetAndMetadata> offsets = groupOffsets(admin, app, ends);
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata o = offsets.get(e.getKey());
            long read = o == null ? 0 : o.offset();
            if (read < e.getValue() - slack) return false;
        }
        return true;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(Admin admin, String group, Map<TopicPartition, Long> partitions) throws Exception {
        return admin.listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(Set.copyOf(partitions.keySet()))))
                .partitionsToOffsetAndMetadata(group).get(30, TimeUnit.SECONDS);
    }

    /** Input records the application has committed, each partition capped at its end offset taken at the start. */
    private static long committed(Admin admin, String group, Map<TopicPartition, Long> ends, long slack) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = groupOffsets(admin, group, ends);
        long done = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata o = offsets.get(e.getKey());
            done += o == null ? 0 : Math.min(o.offset() + slack, e.getValue());
        }
        return done;
    }

    private static Properties properties(Config config) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        // A batch job: nobody waits for a label to show, so commits are rarer than live (fewer transactions).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        // Two stream threads: the by-id and by-model tasks of a replay run side by side.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        // A run killed in the middle holds its partitions until its session times out: the rerun waits that long.
        p.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
        p.putAll(ConfmonTopology.streamsSettings());
        p.putAll(ConfmonTopology.producerBatching());
        p.putAll(config.streamsOverrides());
        return p;
    }

    @Override
    public void close() {
        // Leave the group: the next run (a what-if, or the rerun of this one) would otherwise wait a
        // session timeout for this member before it gets the partitions.
        if (!streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)))) {
            org.slf4j.LoggerFactory.getLogger(Replay.class).warn("the replay's Kafka Streams did not close within 30 s");
        }
    }
}
