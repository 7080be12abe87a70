package io.confmon.app;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.confmon.time.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every configuration key in one table, as Kafka's own configs are written ({@code StreamsConfig}):
 * name, type, default, validator, importance and doc. {@link Config} parses a configuration with
 * it once; the README's configuration table is checked against it by a test.
 *
 * <p>Two kinds of keys cannot be listed by name: per-model keys ({@code models.<model>.<field>},
 * the model name used as it is, dots included) are described by {@link #MODEL}, a table of the
 * fields; and {@code kafka.*} / {@code streams.*} are handed to Kafka, which checks them itself.
 */
final class ConfigKeys {
    /** {@code null} default: the key has no value unless one is given. */
    private static final Object NONE = null;

    static final ConfigDef STATIC = new ConfigDef()
            .define("bootstrap.servers", STRING, "localhost:9092", nonBlank(), HIGH,
                    "Kafka brokers to connect to (--bootstrap-servers).")
            .define("application.id", STRING, "confmon", nonBlank(), HIGH,
                    "Kafka Streams application id: names the consumer group, internal topics and state.")
            .define("http.host", STRING, "0.0.0.0", nonBlank(), MEDIUM, "Address the HTTP server binds.")
            .define("http.port", INT, 8080, port(), MEDIUM, "HTTP port (0 = a free port).")
            .define("http.advertised.host", STRING, NONE, MEDIUM,
                    "Host name other instances use to forward to this one (default: the host name).")
            .define("state.dir", STRING, Path.of(System.getProperty("java.io.tmpdir"), "confmon-state").toString(),
                    path(), MEDIUM, "Folder of the local state stores.")
            .define("topics.predictions", STRING, "predictions", nonBlank(), HIGH, "Input topic of prediction events.")
            .define("topics.labels", STRING, "labels", nonBlank(), HIGH, "Input topic of label events.")
            .define("topics.snapshots", STRING, "confmon-snapshots", nonBlank(), MEDIUM, "Output topic of heatmap snapshots.")
            .define("topics.dlq", STRING, "confmon-dlq", nonBlank(), MEDIUM, "Output topic of rejected input records.")
            .define("topics.features", STRING, "features", nonBlank(), MEDIUM, "Feature events that confmon score reads.")
            .define("topics.partitions", INT, 3, atLeastOne(), LOW, "Partitions of the topics --create-topics makes.")
            .define("classes.max", INT, 200, atLeastOne(), MEDIUM,
                    "Classes per model; past it new classes are counted together as __other__.")
            .define("expected.max.classes", INT, io.confmon.event.ModelSettings.DEFAULT_EXPECTED_MAX_CLASSES, ConfigDef.Range.atLeast(0), LOW,
                    "Largest class count whose probabilities a pending prediction keeps for the expected matrix; 0: none.")
            .define("bucket", STRING, "1m", duration(), MEDIUM, "Bucket size of the matrices (prediction time).")
            .define("retention", STRING, "8d", duration(), MEDIUM, "How long buckets are kept; covers the longest view.")
            .define("label.horizon", STRING, "7d", duration(), MEDIUM, "Latest a label may come after its prediction.")
            .define("views", LIST, "5m,20m,1h,24h", durations(), MEDIUM, "Rolling views that feed gauges and snapshots.")
            .define("snapshot.interval", STRING, "1m", duration(), LOW, "How often snapshots are written.")
            .define("snapshot.heatmap", STRING, "none", ConfigDef.ValidString.in("none", "svg"), LOW,
                    "Whether snapshots carry an SVG heatmap: none or svg.")
            .define("snapshot.format", STRING, "json", ConfigDef.ValidString.in("json", "avro"), LOW,
                    "Encoding of snapshots: json or avro (schema in schemas/).")
            .define("tensorboard.logdir", STRING, NONE, path(), LOW,
                    "Folder for TensorBoard event files per model and view (run); none: not written.")
            .define("slice.keys", LIST, "", MEDIUM, "Slice keys kept from events.")
            .define("flush.interval", STRING, "50ms", duration(), LOW, "How often the join sends its summed cell deltas on under at-least-once; under exactly-once they go with each commit.")
            .define("processing.guarantee", STRING, "exactly_once_v2",
                    ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"), MEDIUM,
                    "Kafka Streams processing guarantee: exactly_once_v2 or at_least_once.")
            .define("static.membership", STRING, "on", ConfigDef.ValidString.in("on", "off"), LOW,
                    "Whether the instance joins its group as a static member named by its host and state dir: on or off.")
            .define("join.direct", STRING, "auto", ConfigDef.ValidString.in("auto", "true", "false"), MEDIUM,
                    "Join an event where it is read when it already sits in its id's partition (the producer's default"
                            + " partitioner over the by-id partition count), skipping the by-id topic: true, false, or auto (direct"
                            + " for a new application, by id for one that ran by id; kept in the topic <application.id>-join-direct)."
                            + " Change it only with every instance stopped (it changes the topology's task ids).")
            .define("upgrade.from", STRING, "none", ConfigDef.ValidString.in("none", "0.1"), LOW,
                    "Rolling upgrade from 0.1: write 0.1.0's stored and internal layouts (first bounce); none: current layouts.")
            .define("metrics.max.series", INT, 10_000, atLeastOne(), MEDIUM, "Cap on exported series (cardinality guard).")
            .define("metrics.cells.max.classes", INT, 20, atLeastOne(), LOW,
                    "Models with more classes export top pairs instead of every cell.")
            .define("metrics.top.pairs", INT, 50, atLeastOne(), LOW, "Off-diagonal pairs exported for a large model.")
            .define("metrics.top.pairs.min.support", INT, 50, atLeastOne(), LOW,
                    "Rows an off-diagonal pair's actual class needs before it may be a top pair.")
            .define("metrics.refresh", STRING, "5s", duration(), LOW, "How often gauges are read from the stores.")
            .define("page.change.views", LIST, "5m,20m,24h", changeViews(), LOW,
                    "The live page's change view: the short, mid and baseline views it compares (the alert rule's).")
            .define("page.trend.step", STRING, "5m", duration(), LOW, "Step of the live page's trend lines (12 steps each).")
            .define("rocksdb.memory", STRING, "64MiB", byteSize(), MEDIUM,
                    "Native memory of every RocksDB store of the process together: one block cache with the memtables charged to it.")
            .define("cpu.background.nice", INT, BackgroundNice.DEFAULT_NICE, ConfigDef.Range.between(0, 19), LOW,
                    "Linux nice value of the work that can wait (JIT compiler, RocksDB compactions, gauges' refresh); 0: unchanged.");

    /** The fields of {@code models.<model>.<field>}, validated under their full key. */
    static final ConfigDef MODEL = new ConfigDef()
            .define("classes", LIST, NONE, classList(), HIGH, "The model's class list: index i is name i (default: learned).")
            .define("threshold", DOUBLE, 0.5, probability(), MEDIUM,
                    "Binary threshold for a single score: above it is class 1.")
            .define("savedmodel", STRING, NONE, path(), MEDIUM,
                    "TensorFlow SavedModel folder that confmon score runs for the model.");

    static final Pattern MODEL_KEY = Pattern.compile("models\\.(.+)\\.(" + String.join("|", MODEL.names()) + ")");

    /** Keys handed to Kafka with the prefix removed; Kafka checks them. */
    static final List<String> PASS_THROUGH = List.of("kafka.", "streams.");

    private ConfigKeys() {}

    static boolean isKnown(String key) {
        if (STATIC.names().contains(key) || MODEL_KEY.matcher(key).matches()) return true;
        for (String prefix : PASS_THROUGH) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) return true;
        }
        return false;
    }

    /** The key names as a person reads them, for "unknown key" messages and the README check. */
    static List<String> described() {
        List<String> out = new java.util.ArrayList<>(STATIC.names().stream().sorted().toList());
        MODEL.names().stream().sorted().forEach(f -> out.add("models.<model>." + f));
        PASS_THROUGH.forEach(p -> out.add(p + "*"));
        return out;
    }

    /** A key's value as it is parsed and checked by the table ({@code key} names it in any error). */
    static Object parse(ConfigDef table, String field, String key, String value) {
        ConfigDef.ConfigKey k = table.configKeys().get(field);
        Object parsed = ConfigDef.parseType(key, value, k.type);
        if (k.validator != null) k.validator.ensureValid(key, parsed);
        return parsed;
    }

    private static Validator nonBlank() {
        return described("a non-empty string", (name, value) -> {
            if (value == null || value.toString().isBlank()) throw new ConfigException(name + " must not be empty");
        });
    }

    /** A file system path (unset where the key has no default); checked here so that no later {@code Path.of} can fail. */
    private static Validator path() {
        return described("a path", (name, value) -> {
            if (value == null) return;
            if (value.toString().isBlank()) throw new ConfigException(name + " must be a path, not empty");
            try {
                Path.of(value.toString());
            } catch (InvalidPathException e) {
                throw new ConfigException(name + " is not a usable path: " + e.getMessage());
            }
        });
    }

    private static Validator atLeastOne() {
        return described("a whole number >= 1", (name, value) -> {
            if (value == null || (Integer) value < 1) {
                throw new ConfigException(name + " must be a whole number >= 1, got '" + value + "'");
            }
        });
    }

    /** Written out rather than {@code Range.between(0.0, 1.0)}, which lets NaN through. */
    private static Validator probability() {
        return described("a number between 0 and 1", (name, value) -> {
            double t = (Double) value;
            if (!(t >= 0 && t <= 1)) throw new ConfigException(name + " must be a number between 0 and 1, got '" + t + "'");
        });
    }

    private static Validator port() {
        return described("0..65535", (name, value) -> {
            int v = (Integer) value;
            if (v < 0 || v > 65535) {
                throw new ConfigException(name + " must be a port number 0..65535 (0 = any free port), got '" + v + "'");
            }
        });
    }

    private static Validator duration() {
        return described("<integer><ms|s|m|h|d>", (name, value) -> {
            try {
                Durations.parseMillis(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
        });
    }

    private static Validator byteSize() {
        return described("<integer>[B|KiB|MiB|GiB], at least 1MiB", (name, value) -> {
            long bytes;
            try {
                bytes = ByteSizes.parseBytes(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
            if (bytes < 1 << 20) throw new ConfigException(name + " must be at least 1MiB, got '" + value + "'");
        });
    }

    /** Three durations, shortest first: short, mid and baseline, as the alert rule reads its views. */
    private static Validator changeViews() {
        return described("three durations, shortest first", (name, value) -> {
            List<?> items = (List<?>) value;
            if (items.size() != 3) throw new ConfigException(name + " must list three durations (short, mid, baseline), e.g. 5m,20m,24h; got '" + value + "'");
            long previous = 0;
            for (Object item : items) {
                long ms;
                try {
                    ms = Durations.parseMillis(item.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": " + e.getMessage());
                }
                if (ms <= previous) throw new ConfigException(name + " must list its three durations shortest first, e.g. 5m,20m,24h; got '" + value + "'");
                previous = ms;
            }
        });
    }

    private static Validator durations() {
        return described("durations, comma-separated", (name, value) -> {
            List<?> items = (List<?>) value;
            if (items.stream().allMatch(i -> i.toString().isBlank())) {
                throw new ConfigException(name + " must list at least one duration, e.g. 5m,1h,24h");
            }
            for (Object item : items) {
                if (item.toString().isBlank()) continue;
                try {
                    Durations.parseMillis(item.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": " + e.getMessage());
                }
            }
        });
    }

    private static Validator classList() {
        return described("distinct class names, comma-separated", (name, value) -> {
            if (value == null) return;
            List<?> names = (List<?>) value;
            Set<Object> seen = new HashSet<>();
            boolean bad = names.isEmpty() || names.stream().anyMatch(n -> n.toString().isEmpty() || !seen.add(n));
            if (bad) {
                throw new ConfigException(name + " must be a comma-separated list of distinct class names, got '"
                        + String.join(",", names.stream().map(Object::toString).toList()) + "'");
            }
        });
    }

    /** A validator whose {@code toString} says what it accepts (ConfigDef prints it in its docs). */
    private static Validator described(String accepts, Validator check) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return accepts;
            }
        };
    }
}
