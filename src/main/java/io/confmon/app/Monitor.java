package io.confmon.app;

import io.confmon.http.ApiContext;
import io.confmon.http.HttpApi;
import io.confmon.http.PageSettings;
import io.confmon.topology.ConfmonTopology;
import io.confmon.topology.DirectJoin;
import io.confmon.topology.Listeners;
import io.confmon.topology.Names;
import io.confmon.topology.TopologySettings;
import io.confmon.view.LocalState;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelLocator;
import io.confmon.view.ModelSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running monitor: owns the lifecycle of the HTTP server, the metrics and Kafka Streams. Handlers
 * are set before start; errors are captured; close goes in order (HTTP, metrics, streams), each
 * close bounded and logged when it overruns.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Config config;
    /** Whether events already in their id's partition are joined where they are read ({@link JoinPath}). */
    private final boolean direct;
    private final HttpApi http;
    private final KafkaStreams streams;
    private final StreamsReadiness readiness;
    private final PrometheusMeterRegistry registry;
    private final LocalState local;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile Throwable failure;

    /** Hooks for the metrics package: informative listeners and meter binders, given the monitor's parts. */
    public interface Instruments {
        Instruments NONE = new Instruments() {};

        default Listeners listeners(PrometheusMeterRegistry registry) {
            return Listeners.NONE;
        }

        /** The listeners, given the input topics (counters whose labels are known can start at 0). */
        default Listeners listeners(PrometheusMeterRegistry registry, List<String> inputTopics) {
            return listeners(registry);
        }

        /** Binds meters that read the monitor's state; returns what to close on shutdown. */
        default List<AutoCloseable> bind(PrometheusMeterRegistry registry, ModelSource local, ModelLocator locator, Config config) {
            return List.of();
        }
    }

    private Monitor(Config config, Instruments instruments) throws IOException {
        this.config = config;
        // Before anything that needs closing: it asks the brokers, and may fail.
        DirectJoin direct = directJoin(config);
        this.direct = direct.on();
        this.readiness = new StreamsReadiness();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.http = HttpApi.bind(config.httpHost(), config.httpPort(), readiness,
                new PageSettings(config.pageChangeViews(), config.pageTrendStepMs()));
        Listeners listeners = instruments.listeners(registry, TopicSetup.inputs(config));
        Properties props = streamsProperties(http.port());
        MatrixReader reader = new MatrixReader(config.modelSettings(), config.classesMax());
        SnapshotWriter snapshots = SnapshotWriter.of(reader, config);
        TopologySettings topology = topologySettings(config).withDirectJoin(direct);
        this.streams = new KafkaStreams(ConfmonTopology.build(topology, listeners, snapshots), props);
        streams.setStateListener(readiness);
        streams.setGlobalStateRestoreListener(readiness);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            log.error("Kafka Streams failed; stopping the monitor", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.local = new LocalState(streams, reader);
        // The advertised address may come from streams.application.server (e.g. a pod's DNS name).
        ModelLocator locator = new ModelLocator(streams, HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG)));
        closeables.addAll(instruments.bind(registry, local, locator, config));
        if (config.tensorboardLogdir().isPresent()) closeables.addAll(tensorBoard().bind(registry, local, locator, config));
        // After the gauges' refresh thread exists: it is one of the threads lowered.
        closeables.add(BackgroundNice.start(config.backgroundNice()));
        http.serve(new ApiContext(local, locator, new StorePartitionPresence(streams), readiness, registry::scrape, config.bucketMs(), Clock.systemUTC()));
    }

    /**
     * The {@code tensorboard.logdir} writer, looked up by name: the tf package sits above this one
     * and its TensorFlow jars are loaded only when the key is set.
     */
    private static Instruments tensorBoard() {
        try {
            return (Instruments) Class.forName(TENSORBOARD_LOG).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("tensorboard.logdir is set but " + TENSORBOARD_LOG + " cannot be loaded: " + e, e);
        }
    }

    private static final String TENSORBOARD_LOG = "io.confmon.tf.TensorBoardLog";

    /** Starts the monitor; the input topics must exist (see {@link TopicSetup}). */
    public static Monitor start(Config config, Instruments instruments) throws IOException {
        Monitor m = new Monitor(config, instruments);
        m.streams.start();
        log.info("confmon {} reading {} and {} from {}, HTTP on port {}", config.applicationId(),
                config.get("topics.predictions"), config.get("topics.labels"), config.bootstrapServers(), m.http.port());
        return m;
    }

    public static TopologySettings topologySettings(Config config) {
        return new TopologySettings(config.get("topics.predictions"), config.get("topics.labels"), config.get("topics.dlq"),
                config.get("topics.snapshots"), config.bucketMs(), config.retentionMs(), config.horizonMs(),
                Duration.ofMillis(config.flushIntervalMs()), Duration.ofMillis(config.snapshotIntervalMs()), config.modelSettings(),
                config.upgradeFrom());
    }

    /**
     * {@code join.direct}: over as many by-id partitions as the larger input has, which is what
     * Streams gives by-id without it, so the by-id topic and the join's changelogs keep their
     * partition counts whichever way the key is set. The inputs must exist (see {@link TopicSetup}).
     */
    static DirectJoin directJoin(Config config) {
        if (!JoinPath.direct(config)) return DirectJoin.OFF;
        Map<String, Integer> counts = TopicSetup.partitionCounts(config.kafkaProperties(), TopicSetup.inputs(config));
        int partitions = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        log.info("join.direct: events already in their id's partition of {} (input partitions {}) are joined where they are read",
                partitions, counts);
        return DirectJoin.over(partitions);
    }

    private Properties streamsProperties(int httpPort) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        HostInfo self = advertised(httpPort);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // A label should show in the API within a few hundred ms (measured: p99 from 500 to under
        // 300 ms with the flush interval at 50 ms): an idle stream thread polls often, and a fetch
        // of a repartition topic is not held for half a second (LiveFetches).
        p.put(StreamsConfig.POLL_MS_CONFIG, "10");
        p.putAll(LiveFetches.streamsProperties());
        // A member learns that another left at its next heartbeat: every second instead of every 3 s
        // takes up to 2 s off a fail-over after a clean stop. Un-prefixed, so streams.heartbeat.interval.ms wins.
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        // A warm copy of every task on another instance, so that a survivor takes over a stopped
        // instance's models without replaying their changelogs; with one instance it does nothing.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        p.putAll(ConfmonTopology.streamsSettings());
        p.putAll(ConfmonTopology.producerBatching());
        // Static membership: restarted with the same state dir (a supervisor's restart after a crash),
        // the instance takes its old place in the group at once, instead of joining as a new member
        // while the group waits out the dead one's session timeout (45 s) before assigning anything.
        // A clean stop still leaves the group (close(LEAVE_GROUP) covers static members, KIP-1092).
        if (config.staticMembership()) p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, staticMemberId());
        if (direct) {
            // The join's task then reads three partitions, and by default waits for every one that
            // has data on the brokers before it processes any (timestamp order across them). by-id
            // nearly always has some in flight, so the task would stall on its fetches: measured with
            // the in-JVM bench (200k records, exactly-once), stream thread CPU 6.5 -> 4.7 s and records/s
            // 11.8k -> 13.3k without the wait. The join's rules do not depend on the order.
            p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        }
        // Every RocksDB store within one native-memory budget (a container limit must hold); the
        // join's entries, written on every event, with memtables of their own.
        p.putAll(BoundedRocksDbMemory.streamsProperties(config.rocksDbMemoryBytes(), Names.JOIN_STORE));
        p.putAll(config.streamsOverrides());
        return p;
    }

    /**
     * Who this instance is across restarts: its host and its state dir (two instances on one host
     * need two state dirs anyway, and a restarted one finds its state in the same dir). Streams adds
     * each stream thread's index.
     */
    private String staticMemberId() {
        Path dir = config.stateDir().toAbsolutePath().normalize();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(dir.toString().getBytes(StandardCharsets.UTF_8));
            return config.applicationId() + "-" + hostName() + "-" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private HostInfo advertised(int httpPort) {
        String host = config.get("http.advertised.host");
        if (host == null) {
            String bind = config.httpHost();
            host = bind.equals("0.0.0.0") ? hostName() : bind;
        }
        return new HostInfo(host, httpPort);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public LocalState local() {
        return local;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public boolean ready() {
        return readiness.ready();
    }

    /** The failure that stopped Kafka Streams, or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean failed() {
        return failure != null || readiness.streamsState() == KafkaStreams.State.ERROR;
    }

    public boolean stopped() {
        KafkaStreams.State s = readiness.streamsState();
        return s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        http.close();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed", c, e);
            }
        }
        registry.close();
        // Leave the group at once: otherwise the others wait for the session timeout (45 s) before
        // they take over this instance's models, and answer 503 for them meanwhile.
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT);
        if (!streams.close(leave)) log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
    }

}
