package io.confmon.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which way events reach the join ({@code join.direct}): joined where they are read when they
 * already sit in their id's partition, or every one through the by-id topic. The two are two
 * topologies with different task ids, so every instance of an application must run the same one,
 * and it may change only with every instance stopped.
 *
 * <p>{@code auto} (the default) keeps that without anyone's help: the direct join for a new
 * application, and by id for one that ran by id before (0.1.0, which had only that, or
 * {@code join.direct=false}), so a rolling restart never changes the topology. The choice is kept
 * in the brokers, where every instance sees it: the empty topic {@code <application.id>-join-direct}
 * exists while the application joins directly. {@code true} and {@code false} choose, and set the
 * marker to match.
 */
final class JoinPath {
    private static final Logger log = LoggerFactory.getLogger(JoinPath.class);
    private static final int ADMIN_TIMEOUT_SECONDS = 30;

    private JoinPath() {}

    /** The marker topic: exists while the application joins directly. */
    static String marker(String applicationId) {
        return applicationId + "-join-direct";
    }

    /** By-id, as Streams names it: it exists once the application has run (either way). */
    static String byIdTopic(String applicationId) {
        return applicationId + "-" + io.confmon.topology.Names.BY_ID + "-repartition";
    }

    /** Whether this instance joins directly; reads (and may set) the marker. */
    static boolean direct(Config config) {
        String setting = config.joinDirect();
        String app = config.applicationId();
        if (config.upgradeFrom() != io.confmon.topology.UpgradeFrom.NONE) {
            // 0.1.0 joins by id: during its rolling upgrade every instance must too (Config refuses true).
            log.info("join.direct={}: by id, as 0.1.0 (upgrade.from={})", setting, config.get("upgrade.from"));
            return false;
        }
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            Set<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            boolean marked = topics.contains(marker(app));
            switch (setting) {
                case "true" -> {
                    if (!marked) mark(admin, config);
                    return true;
                }
                case "false" -> {
                    if (marked) unmark(admin, app);
                    return false;
                }
                default -> {
                    if (marked) {
                        log.info("join.direct=auto: joined directly, as this application has been ({} exists)", marker(app));
                        return true;
                    }
                    if (topics.contains(byIdTopic(app))) {
                        log.info("join.direct=auto: by id, as this application has run ({} exists, {} does not); to join directly,"
                                + " stop every instance and start them with join.direct=true", byIdTopic(app), marker(app));
                        return false;
                    }
                    mark(admin, config);
                    log.info("join.direct=auto: joined directly (a new application; {} now says so to every instance)", marker(app));
                    return true;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("join.direct: cannot read or write the topic " + marker(app) + " at "
                    + config.bootstrapServers() + " (it records which way this application joins): " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + marker(app), e);
        }
    }

    private static void mark(Admin admin, Config config) throws ExecutionException, TimeoutException, InterruptedException {
        String marker = marker(config.applicationId());
        try {
            // One partition that holds nothing: only its existence is read.
            admin.createTopics(List.of(new NewTopic(marker, 1, (short) -1))).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                throw TopicPermissionException.cannotCreate(marker, config.bootstrapServers(), e.getCause());
            }
            // Another instance starting at the same moment made it: the same choice.
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    private static void unmark(Admin admin, String app) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.deleteTopics(List.of(marker(app))).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("join.direct=false: deleted {}, so that join.direct=auto keeps joining by id", marker(app));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
        }
    }
}
