package io.confmon.app;

import io.confmon.event.ClassSpace;
import io.confmon.time.Durations;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The monitor's configuration: the keys of {@link ConfigKeys} from a file (Java properties or
 * YAML), the {@code CONFMON_*} environment and flags, a flag winning over the environment, which
 * wins over the file. Parsed and checked once, at load, into immutable values: an unknown or
 * malformed key stops start-up with a message that names it (an unknown {@code CONFMON_} variable
 * is only warned about: the environment is shared).
 */
public final class Config {
    /** A rolling view: its name as written ({@code 5m}) and its length. */
    public record View(String name, long millis) {}

    /** Whether snapshots carry an SVG heatmap ({@code snapshot.heatmap}). */
    public enum SnapshotHeatmap { NONE, SVG }

    /** How snapshots are encoded ({@code snapshot.format}). */
    public enum SnapshotFormat { JSON, AVRO }

    private final Map<String, String> given;
    private final Map<String, Object> parsed;
    private final List<String> warnings;
    private final List<View> views;
    private final Set<String> sliceKeys;
    private final ModelSettings modelSettings;
    private final Map<String, Path> savedModels;
    private final Map<String, String> kafka;
    private final Map<String, String> streams;
    private final Map<String, Long> millis;

    private Config(Map<String, String> given, List<String> warnings) {
        this.given = Collections.unmodifiableMap(new TreeMap<>(given));
        this.warnings = List.copyOf(warnings);
        this.parsed = Collections.unmodifiableMap(parseStatic(given));
        this.millis = parseDurations(parsed);
        this.views = parseViews();
        this.sliceKeys = Collections.unmodifiableSet(new LinkedHashSet<>(list("slice.keys")));
        Map<String, ClassSpace> classes = new TreeMap<>();
        Map<String, Double> thresholds = new TreeMap<>();
        Map<String, Path> saved = new TreeMap<>();
        given.forEach((key, value) -> {
            Matcher m = ConfigKeys.MODEL_KEY.matcher(key);
            if (!m.matches()) return;
            Object v = checked(() -> ConfigKeys.parse(ConfigKeys.MODEL, m.group(2), key, value));
            switch (m.group(2)) {
                case "classes" -> classes.put(m.group(1), ClassSpace.of(ClassIndex.of(strings(v))));
                case "threshold" -> thresholds.put(m.group(1), (Double) v);
                default -> saved.put(m.group(1), Path.of((String) v));
            }
        });
        this.modelSettings = new ModelSettings(Collections.unmodifiableMap(classes), Collections.unmodifiableMap(thresholds),
                sliceKeys, (Double) ConfigKeys.MODEL.defaultValues().get("threshold"), integer("expected.max.classes"));
        this.savedModels = Collections.unmodifiableMap(saved);
        this.kafka = withoutPrefix("kafka.");
        this.streams = withoutPrefix("streams.");
        checkTogether();
    }

    /** Loads and checks the configuration; {@code file} may be null. */
    public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        if (file != null) {
            Map<String, String> fromFile = ConfigFile.read(file);
            fromFile.keySet().forEach(k -> requireKnown(k, "in " + file));
            values.putAll(fromFile);
        }
        env.forEach((name, value) -> {
            if (!name.startsWith("CONFMON_") || name.startsWith("CONFMON_TEST_") || name.equals("CONFMON_REQUIRE_TOOLS")) return;
            String key = keyOfEnv(name.substring("CONFMON_".length()));
            if (key == null) warnings.add("ignoring unknown environment variable " + name);
            else values.put(key, value);
        });
        flags.forEach((k, v) -> {
            requireKnown(k, "given as a flag");
            values.put(k, v);
        });
        return new Config(values, warnings);
    }

    private static void requireKnown(String key, String where) {
        if (ConfigKeys.isKnown(key)) return;
        throw new ConfigException("unknown configuration key '" + key + "' " + where
                + ". Known keys: " + String.join(", ", ConfigKeys.described()));
    }

    /** {@code HTTP_PORT} -> {@code http.port}; {@code KAFKA_SASL_MECHANISM} -> {@code kafka.sasl.mechanism}. */
    static String keyOfEnv(String suffix) {
        for (String key : ConfigKeys.STATIC.names()) {
            if (key.toUpperCase(Locale.ROOT).replace('.', '_').equals(suffix)) return key;
        }
        for (String prefix : ConfigKeys.PASS_THROUGH) {
            String p = prefix.toUpperCase(Locale.ROOT).replace('.', '_');
            if (suffix.startsWith(p) && suffix.length() > p.length()) {
                return prefix + suffix.substring(p.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
        }
        return null;
    }

    private static Map<String, Object> parseStatic(Map<String, String> given) {
        return checked(() -> ConfigKeys.STATIC.parse(given));
    }

    /** Kafka's own ConfigException (it names the key) becomes confmon's, which the CLI turns into exit code 2. */
    private static <T> T checked(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The duration keys (checked by the table's validator) in milliseconds. */
    private static Map<String, Long> parseDurations(Map<String, Object> parsed) {
        Map<String, Long> out = new TreeMap<>();
        for (String key : List.of("bucket", "retention", "label.horizon", "snapshot.interval", "flush.interval", "metrics.refresh",
                "page.trend.step")) {
            out.put(key, Durations.parseMillis((String) parsed.get(key)));
        }
        return Collections.unmodifiableMap(out);
    }

    private List<View> parseViews() {
        List<View> out = new ArrayList<>();
        for (String name : list("views")) {
            if (!name.isBlank()) out.add(new View(name, Durations.parseMillis(name)));
        }
        return List.copyOf(out);
    }

    /** Rules between keys, which the table's per-key validators cannot state. */
    private void checkTogether() {
        long longestView = 0;
        for (View v : views) longestView = Math.max(longestView, v.millis());
        if (bucketMs() <= 0) throw new ConfigException("bucket must be at least 1ms, got '" + get("bucket") + "'");
        if (retentionMs() < longestView) {
            throw new ConfigException("retention (" + get("retention") + ") must cover the longest view (" + longestView / 1000 + "s)");
        }
        if (horizonMs() <= 0) throw new ConfigException("label.horizon must be positive, got '" + get("label.horizon") + "'");
        if (pageTrendStepMs() <= 0) throw new ConfigException("page.trend.step must be positive, got '" + get("page.trend.step") + "'");
        if (joinDirect().equals("true") && upgradeFrom() != io.confmon.topology.UpgradeFrom.NONE) {
            // A rolling upgrade runs old and new instances in one group: they must run one topology.
            throw new ConfigException("join.direct=true cannot be combined with upgrade.from=" + get("upgrade.from")
                    + ": the direct join changes the topology, which every instance of a rolling upgrade must share;"
                    + " finish the upgrade first, then stop every instance and start them with join.direct=true");
        }
    }

    /** A key's value as text: the parsed value of a key of the table (its default when not given), else as given; null when none. */
    public String get(String key) {
        ConfigDef.ConfigKey k = ConfigKeys.STATIC.configKeys().get(key);
        if (k == null) return given.get(key);
        return ConfigDef.convertToString(parsed.get(key), k.type);
    }

    public List<String> warnings() {
        return warnings;
    }

    public String bootstrapServers() {
        return string("bootstrap.servers");
    }

    public String applicationId() {
        return string("application.id");
    }

    public String httpHost() {
        return string("http.host");
    }

    public int httpPort() {
        return integer("http.port");
    }

    public Path stateDir() {
        return Path.of(string("state.dir"));
    }

    public long bucketMs() {
        return millis("bucket");
    }

    public long retentionMs() {
        return millis("retention");
    }

    public long horizonMs() {
        return millis("label.horizon");
    }

    public long snapshotIntervalMs() {
        return millis("snapshot.interval");
    }

    public SnapshotHeatmap snapshotHeatmap() {
        return SnapshotHeatmap.valueOf(string("snapshot.heatmap").toUpperCase(Locale.ROOT));
    }

    public SnapshotFormat snapshotFormat() {
        return SnapshotFormat.valueOf(string("snapshot.format").toUpperCase(Locale.ROOT));
    }

    /** Where {@code run} writes TensorBoard event files; empty: it writes none. */
    public Optional<Path> tensorboardLogdir() {
        return Optional.ofNullable(string("tensorboard.logdir")).map(Path::of);
    }

    /** Which release's layouts the topology writes ({@code upgrade.from}). */
    public io.confmon.topology.UpgradeFrom upgradeFrom() {
        return io.confmon.topology.UpgradeFrom.parse(string("upgrade.from"));
    }

    /** {@code join.direct}: auto, true or false; {@link JoinPath} resolves auto. */
    public String joinDirect() {
        return string("join.direct");
    }

    public long flushIntervalMs() {
        return millis("flush.interval");
    }

    public int classesMax() {
        return integer("classes.max");
    }

    public int metricsMaxSeries() {
        return integer("metrics.max.series");
    }

    public int metricsCellsMaxClasses() {
        return integer("metrics.cells.max.classes");
    }

    public int metricsTopPairs() {
        return integer("metrics.top.pairs");
    }

    /** Rows an off-diagonal pair's actual class needs before it may be a top pair (noise must not win). */
    public int metricsTopPairsMinSupport() {
        return integer("metrics.top.pairs.min.support");
    }

    public long metricsRefreshMs() {
        return millis("metrics.refresh");
    }

    /** Native memory of all RocksDB stores together (see {@link BoundedRocksDbMemory}). */
    public long rocksDbMemoryBytes() {
        return ByteSizes.parseBytes(string("rocksdb.memory"));
    }

    /** The nice value {@link BackgroundNice} gives the work that can wait; 0 leaves it alone. */
    public int backgroundNice() {
        return integer("cpu.background.nice");
    }

    public int topicPartitions() {
        return integer("topics.partitions");
    }

    public boolean staticMembership() {
        return string("static.membership").equals("on");
    }

    public boolean exactlyOnce() {
        return string("processing.guarantee").equals("exactly_once_v2");
    }

    /** The live page's change view: short, mid and baseline view, as given ({@code page.change.views}). */
    public List<String> pageChangeViews() {
        return list("page.change.views");
    }

    /** The step of the live page's trend lines ({@code page.trend.step}). */
    public long pageTrendStepMs() {
        return millis.get("page.trend.step");
    }

    public List<View> views() {
        return views;
    }

    public Set<String> sliceKeys() {
        return sliceKeys;
    }

    public ModelSettings modelSettings() {
        return modelSettings;
    }

    /** {@code models.<model>.savedmodel} per model (for {@code confmon score}). */
    public Map<String, Path> savedModels() {
        return savedModels;
    }

    /** Properties for every Kafka client: {@code kafka.*} with the prefix removed (a new copy: Properties are mutable). */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** {@code streams.*} with the prefix removed, passed to Kafka Streams after confmon's own settings. */
    public Map<String, String> streamsOverrides() {
        return streams;
    }

    private Map<String, String> withoutPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        given.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return Collections.unmodifiableMap(out);
    }

    private String string(String key) {
        return (String) parsed.get(key);
    }

    private int integer(String key) {
        return (Integer) parsed.get(key);
    }

    private long millis(String key) {
        return millis.get(key);
    }

    private List<String> list(String key) {
        return strings(parsed.get(key));
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(Object::toString).toList();
    }
}
