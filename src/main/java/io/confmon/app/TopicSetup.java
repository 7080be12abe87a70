package io.confmon.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics the monitor reads and writes: created on request ({@code --create-topics}), or named
 * and waited for when missing (Kafka Streams would otherwise fail on a missing source topic).
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    public static List<String> topics(Config config) {
        return List.of(config.get("topics.predictions"), config.get("topics.labels"), config.get("topics.dlq"),
                config.get("topics.snapshots"));
    }

    /**
     * Creates the monitor's four topics where missing. The DLQ and snapshots topics take the
     * broker's append time: a dead letter keeps its input's timestamp, and a replayed event from
     * last month would otherwise land in a segment already past the topic's retention.
     */
    public static void createAll(Config config) {
        create(config.kafkaProperties(), topics(config), config.topicPartitions(),
                java.util.Set.of(config.get("topics.dlq"), config.get("topics.snapshots")));
    }

    public static void create(Properties kafka, List<String> topics, int partitions) {
        create(kafka, topics, partitions, java.util.Set.of());
    }

    /** @param appendTimeTopics topics created with {@code message.timestamp.type=LogAppendTime} */
    public static void create(Properties kafka, List<String> topics, int partitions, java.util.Set<String> appendTimeTopics) {
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (existing.contains(t)) continue;
                NewTopic topic = new NewTopic(t, partitions, (short) -1);
                if (appendTimeTopics.contains(t)) topic.configs(java.util.Map.of("message.timestamp.type", "LogAppendTime"));
                missing.add(topic);
            }
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + topics + " at " + kafka.get("bootstrap.servers") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Waits until every topic exists, saying which are missing; false if {@code keepWaiting} says stop. */
    public static boolean awaitTopics(Properties kafka, List<String> topics, BooleanSupplier keepWaiting) throws InterruptedException {
        try (Admin admin = Admin.create(kafka)) {
            boolean told = false;
            while (keepWaiting.getAsBoolean()) {
                Set<String> existing;
                try {
                    existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    log.warn("cannot list topics at {} ({}); retrying", kafka.get("bootstrap.servers"), e.getMessage());
                    Thread.sleep(Duration.ofSeconds(2).toMillis());
                    continue;
                }
                List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
                if (missing.isEmpty()) return true;
                if (!told) {
                    log.warn("waiting for topics {} to exist (create them, or start with --create-topics)", missing);
                    told = true;
                }
                Thread.sleep(Duration.ofSeconds(2).toMillis());
            }
            return false;
        }
    }
}
