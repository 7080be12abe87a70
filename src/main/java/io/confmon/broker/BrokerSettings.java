package io.confmon.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The server properties of the embedded broker: one node that is both broker and KRaft controller,
 * sized for a laptop and for tests rather than for production.
 */
final class BrokerSettings {
    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final int MIB = 1024 * 1024;

    private BrokerSettings() {}

    static Map<String, String> forDevelopment(int clientPort, int controllerPort, Path dataDir) {
        String host = LocalPorts.HOST;
        // Strings, as in server.properties: KafkaConfig then parses each to its type (short, int, ...).
        Map<String, String> p = new HashMap<>();

        // One process, both roles.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum (kraft.version 0) rather than a dynamic one: formatting writes no
        // controller address into the data directory, so a kept --data-dir starts again even
        // though the controller port is picked afresh on every start.
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        // Advertise the IP, not "localhost": where localhost also resolves to ::1, clients would
        // first try a port nobody listens on and log a warning for every connection.
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", dataDir.toString());

        // Topics. confmon creates every topic it uses, with its partitions and configs. Auto-creation
        // is off so that a misspelt topic fails where it is misspelt (the producer cannot find it)
        // instead of silently becoming a new, empty topic that the monitor never reads.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");

        // Internal topics on a single node: replication factor 1, min ISR 1 (the defaults of 3
        // and 2 cannot be met, and transactions or group commits would then fail). One partition
        // each: nothing to spread over one broker, and the first group or transaction is faster.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");

        // ACLs act as on a secured cluster once one is added (kafka-acls.sh, Admin.createAcls), so
        // that what a monitor does without a permission can be tried here; until one matches a
        // request, every client may do everything, as without an authorizer.
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "true");

        // Groups start at once: waiting 3 s for more members to join only slows down a demo or a test.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");

        // Sizes for a laptop. 16 MiB segments instead of 1 GiB keep retention and compaction
        // working at demo volumes; a 1 MiB index still covers a 16 MiB segment many times over
        // (one 8-byte entry per 4 KiB), where the default preallocates 10 MiB per index file and
        // partition; the log cleaner's dedupe buffer is allocated up front (default 128 MiB).
        p.put("log.segment.bytes", String.valueOf(16 * MIB));
        p.put("log.index.size.max.bytes", String.valueOf(MIB));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * MIB));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }
}
