package io.confmon.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's topics. Its inputs belong to the producers: it names the missing ones and waits for
 * them (or creates them on request, {@code --create-topics}). Its outputs are its own: it creates
 * them when missing, with the configuration they need, or stops naming the permission it lacks.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private TopicSetup() {}

    /** The input topics, predictions and labels. */
    public static List<String> inputs(Config config) {
        return List.of(config.get("topics.predictions"), config.get("topics.labels"));
    }

    /** Every topic the monitor reads or writes: inputs, then the DLQ and the snapshots. */
    public static List<String> topics(Config config) {
        return List.of(config.get("topics.predictions"), config.get("topics.labels"), config.get("topics.dlq"),
                config.get("topics.snapshots"));
    }

    /**
     * The output topics as the monitor needs them. The DLQ takes the broker's append time: a dead
     * letter keeps its input's timestamp, and a replayed event from last month would otherwise land
     * in a segment already past the topic's retention. Snapshots are compacted: a reader wants the
     * latest matrix of each {@code model|window}, not the history.
     */
    static List<NewTopic> outputs(Config config) {
        int partitions = config.topicPartitions();
        return List.of(
                new NewTopic(config.get("topics.dlq"), partitions, (short) -1)
                        .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                new NewTopic(config.get("topics.snapshots"), partitions, (short) -1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * Creates the output topics that are missing.
     *
     * @throws TopicPermissionException where the principal may not create one of them
     */
    public static void createOutputs(Config config) {
        create(config.kafkaProperties(), outputs(config));
    }

    /** Creates the monitor's four topics where missing ({@code --create-topics}, the demo). */
    public static void createAll(Config config) {
        List<NewTopic> all = new ArrayList<>();
        for (String input : inputs(config)) all.add(new NewTopic(input, config.topicPartitions(), (short) -1));
        all.addAll(outputs(config));
        create(config.kafkaProperties(), all);
    }

    public static void create(Properties kafka, List<String> topics, int partitions) {
        create(kafka, topics, partitions, Set.of());
    }

    /** @param appendTimeTopics topics created with {@code message.timestamp.type=LogAppendTime} */
    public static void create(Properties kafka, List<String> topics, int partitions, Set<String> appendTimeTopics) {
        List<NewTopic> specs = new ArrayList<>();
        for (String t : topics) {
            NewTopic topic = new NewTopic(t, partitions, (short) -1);
            if (appendTimeTopics.contains(t)) topic.configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
            specs.add(topic);
        }
        create(kafka, specs);
    }

    private static void create(Properties kafka, List<NewTopic> topics) {
        Object servers = kafka.get("bootstrap.servers");
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) return;
            // One at a time, so that a refusal names the topic it was about.
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.info("created topic {} ({} partitions{})", topic.name(), topic.numPartitions(),
                            topic.configs() == null || topic.configs().isEmpty() ? "" : ", " + topic.configs());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) continue;
                    if (isRefusal(e.getCause())) throw TopicPermissionException.cannotCreate(topic.name(), servers, e.getCause());
                    throw e;
                }
            }
            if (!awaitLeaders(admin, names(missing))) {
                log.warn("created topics {} still have partitions without a leader after {} s; producing to them may stall",
                        names(missing), ADMIN_TIMEOUT_SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (isRefusal(cause)) throw TopicPermissionException.cannotList(servers, cause);
            throw new IllegalStateException("cannot create topics " + names(topics) + " at " + servers + ": " + cause.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the leader of every partition of the topics answers for it, at most
     * {@value #ADMIN_TIMEOUT_SECONDS} s; false if one still does not. A leader in the metadata is
     * not enough: the broker can name itself leader before it serves the partition. Produced to
     * then, a new partition answered NOT_LEADER_OR_FOLLOWER, and the idempotent producer retried its
     * later batches with OUT_OF_ORDER_SEQUENCE_NUMBER until they expired (seen twice in the
     * benchmark, with the broker slowed by a profiler). A partition whose leader answers a
     * ListOffsets request takes writes, as both go through the leader's own check.
     */
    public static boolean awaitLeaders(Admin admin, Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        return awaitLeaders(admin, topics, Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
    }

    static boolean awaitLeaders(Admin admin, Collection<String> topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetSpec> partitions = partitionsOnceLed(admin, topics);
            if (partitions != null && answers(admin, partitions)) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
    }

    /**
     * Every partition of the topics once each has a leader in the metadata; null while one has
     * none, or while the metadata does not know a topic yet (UNKNOWN_TOPIC_OR_PARTITION: seen in a
     * test run, the describe right after the creation answered before the broker heard of it).
     */
    private static Map<TopicPartition, OffsetSpec> partitionsOnceLed(Admin admin, Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        try {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) return null;
                    partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) return null;
            throw e;
        }
        return partitions;
    }

    private static boolean answers(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(5_000)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            // Retriable: NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, a timeout.
            if (e.getCause() instanceof RetriableException) return false;
            throw e;
        }
    }

    static boolean isRefusal(Throwable t) {
        return t instanceof TopicAuthorizationException || t instanceof ClusterAuthorizationException;
    }

    private static List<String> names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    /**
     * The partition count of each topic, as the brokers report it now.
     *
     * @throws IllegalStateException naming the topics and the brokers when they cannot be described
     */
    public static Map<String, Integer> partitionCounts(Properties kafka, List<String> topics) {
        try (Admin admin = Admin.create(kafka)) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot read the partition counts of " + topics + " at " + kafka.get("bootstrap.servers")
                    + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition counts of " + topics, e);
        }
    }

    /** Waits until the input topics exist, naming the missing ones once; false if {@code keepWaiting} says stop. */
    public static boolean awaitInputs(Config config, BooleanSupplier keepWaiting) throws InterruptedException {
        return awaitTopics(config.kafkaProperties(), inputs(config), keepWaiting);
    }

    /** Waits until every topic exists, saying which are missing; false if {@code keepWaiting} says stop. */
    public static boolean awaitTopics(Properties kafka, List<String> topics, BooleanSupplier keepWaiting) throws InterruptedException {
        try (Admin admin = Admin.create(kafka)) {
            boolean told = false;
            while (keepWaiting.getAsBoolean()) {
                Set<String> existing;
                try {
                    existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    log.warn("cannot list topics at {} ({}); retrying", kafka.get("bootstrap.servers"), e.getMessage());
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
                if (missing.isEmpty()) {
                    if (told) log.info("input topics {} exist; starting", topics);
                    return true;
                }
                if (!told) {
                    log.warn("waiting for input topics {} to exist (create them, or start with --create-topics)", missing);
                    told = true;
                }
                Thread.sleep(POLL.toMillis());
            }
            return false;
        }
    }
}
