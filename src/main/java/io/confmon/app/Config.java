package io.confmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The monitor's configuration: the contract's keys from a file (Java properties or YAML), the
 * {@code CONFMON_*} environment and flags, a flag winning over the environment, which wins over the
 * file. Every value is checked at load: an unknown or malformed key stops start-up with a message
 * that names it (an unknown {@code CONFMON_} variable is only warned about: the environment is shared).
 */
public final class Config {
    /** The contract's keys and their defaults; {@code null} means "no default". */
    static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern MODEL_KEY = Pattern.compile("models\\.(.+)\\.(classes|threshold|savedmodel)");
    private static final Set<String> PASS_THROUGH = Set.of("kafka.", "streams.");

    private final Map<String, String> values;
    private final List<String> warnings;

    private Config(Map<String, String> values, List<String> warnings) {
        this.values = values;
        this.warnings = warnings;
        validate();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap.servers", "localhost:9092");
        d.put("application.id", "confmon");
        d.put("http.host", "0.0.0.0");
        d.put("http.port", "8080");
        d.put("http.advertised.host", null);
        d.put("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "confmon-state").toString());
        d.put("topics.predictions", "predictions");
        d.put("topics.labels", "labels");
        d.put("topics.snapshots", "confmon-snapshots");
        d.put("topics.dlq", "confmon-dlq");
        d.put("topics.features", "features");
        d.put("topics.partitions", "3");
        d.put("classes.max", "200");
        d.put("bucket", "1m");
        d.put("retention", "8d");
        d.put("label.horizon", "7d");
        d.put("views", "5m,1h,24h");
        d.put("snapshot.interval", "1m");
        d.put("slice.keys", "");
        d.put("flush.interval", "50ms");
        d.put("metrics.max.series", "10000");
        d.put("metrics.cells.max.classes", "20");
        d.put("metrics.top.pairs", "50");
        d.put("metrics.top.pairs.min.support", "50");
        d.put("metrics.refresh", "5s");
        d.put("processing.guarantee", "exactly_once_v2");
        return d;
    }

    /** Loads and checks the configuration; {@code file} may be null. */
    public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
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

    public static Config defaultsOnly() {
        return load(null, Map.of(), Map.of());
    }

    private static void requireKnown(String key, String where) {
        if (DEFAULTS.containsKey(key) || MODEL_KEY.matcher(key).matches()) return;
        for (String prefix : PASS_THROUGH) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) return;
        }
        throw new ConfigException("unknown configuration key '" + key + "' " + where
                + ". Known keys: " + String.join(", ", DEFAULTS.keySet())
                + ", models.<model>.classes, models.<model>.threshold, models.<model>.savedmodel, kafka.*, streams.*");
    }

    /** {@code HTTP_PORT} -> {@code http.port}; {@code KAFKA_SASL_MECHANISM} -> {@code kafka.sasl.mechanism}. */
    static String keyOfEnv(String suffix) {
        for (String key : DEFAULTS.keySet()) {
            if (key.toUpperCase(Locale.ROOT).replace('.', '_').equals(suffix)) return key;
        }
        for (String prefix : PASS_THROUGH) {
            String p = prefix.toUpperCase(Locale.ROOT).replace('.', '_');
            if (suffix.startsWith(p) && suffix.length() > p.length()) {
                return prefix + suffix.substring(p.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
        }
        return null;
    }

    private static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (!Files.isRegularFile(file)) throw new ConfigException("--config: no such file '" + file + "'");
            if (name.endsWith(".yaml") || name.endsWith(".yml")) return readYaml(file);
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, String> out = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
            return out;
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read '" + file + "': " + e.getMessage());
        }
    }

    /** Nested YAML maps become dotted keys; a list becomes a comma-separated value (class lists). */
    private static Map<String, String> readYaml(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Map<String, String> out = new TreeMap<>();
        if (root != null && !root.isObject()) throw new ConfigException("--config: '" + file + "' must be a YAML mapping");
        if (root != null) flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            out.put(prefix, String.join(",", items));
        } else {
            out.put(prefix, node.asText());
        }
    }

    private void validate() {
        port("http.port");
        positiveInt("classes.max");
        positiveInt("metrics.max.series");
        positiveInt("metrics.cells.max.classes");
        positiveInt("metrics.top.pairs");
        positiveInt("topics.partitions");
        long bucket = millis("bucket");
        long retention = millis("retention");
        long horizon = millis("label.horizon");
        millis("snapshot.interval");
        millis("flush.interval");
        millis("metrics.refresh");
        positiveInt("metrics.top.pairs.min.support");
        long longestView = 0;
        for (View v : views()) longestView = Math.max(longestView, v.millis());
        if (bucket <= 0) throw new ConfigException("bucket must be at least 1ms, got '" + get("bucket") + "'");
        if (retention < longestView) {
            throw new ConfigException("retention (" + get("retention") + ") must cover the longest view (" + longestView / 1000 + "s)");
        }
        if (horizon <= 0) throw new ConfigException("label.horizon must be positive, got '" + get("label.horizon") + "'");
        String guarantee = get("processing.guarantee");
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new ConfigException("processing.guarantee must be exactly_once_v2 or at_least_once, got '" + guarantee + "'");
        }
        modelSettings();
    }

    public String get(String key) {
        String v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    public List<String> warnings() {
        return warnings;
    }

    public String bootstrapServers() {
        return get("bootstrap.servers");
    }

    public String applicationId() {
        return get("application.id");
    }

    public String httpHost() {
        return get("http.host");
    }

    public int httpPort() {
        return port("http.port");
    }

    public Path stateDir() {
        return Path.of(get("state.dir"));
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

    public long flushIntervalMs() {
        return millis("flush.interval");
    }

    public int classesMax() {
        return positiveInt("classes.max");
    }

    public int metricsMaxSeries() {
        return positiveInt("metrics.max.series");
    }

    public int metricsCellsMaxClasses() {
        return positiveInt("metrics.cells.max.classes");
    }

    public int metricsTopPairs() {
        return positiveInt("metrics.top.pairs");
    }

    /** Rows an off-diagonal pair's actual class needs before it may be a top pair (noise must not win). */
    public int metricsTopPairsMinSupport() {
        return positiveInt("metrics.top.pairs.min.support");
    }

    public long metricsRefreshMs() {
        return millis("metrics.refresh");
    }

    public int topicPartitions() {
        return positiveInt("topics.partitions");
    }

    public boolean exactlyOnce() {
        return get("processing.guarantee").equals("exactly_once_v2");
    }

    /** A rolling view: its name as written ({@code 5m}) and its length. */
    public record View(String name, long millis) {}

    public List<View> views() {
        List<View> views = new ArrayList<>();
        for (String v : get("views").split(",")) {
            String name = v.trim();
            if (name.isEmpty()) continue;
            try {
                views.add(new View(name, Durations.parseMillis(name)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("views: " + e.getMessage());
            }
        }
        if (views.isEmpty()) throw new ConfigException("views must list at least one duration, e.g. 5m,1h,24h");
        return views;
    }

    public Set<String> sliceKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (String k : get("slice.keys").split(",")) {
            if (!k.isBlank()) keys.add(k.trim());
        }
        return keys;
    }

    public ModelSettings modelSettings() {
        Map<String, ClassSpace> classes = new TreeMap<>();
        Map<String, Double> thresholds = new TreeMap<>();
        values.forEach((key, value) -> {
            var m = MODEL_KEY.matcher(key);
            if (!m.matches()) return;
            String model = m.group(1);
            if (m.group(2).equals("savedmodel")) return; // savedModels() reads these
            if (m.group(2).equals("classes")) {
                List<String> names = Arrays.stream(value.split(",")).map(String::trim).toList();
                if (names.isEmpty() || names.stream().anyMatch(String::isEmpty) || names.stream().distinct().count() != names.size()) {
                    throw new ConfigException(key + " must be a comma-separated list of distinct class names, got '" + value + "'");
                }
                classes.put(model, ClassSpace.of(ClassIndex.of(names)));
            } else {
                double t;
                try {
                    t = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    t = Double.NaN;
                }
                if (!(t >= 0 && t <= 1)) throw new ConfigException(key + " must be a number between 0 and 1, got '" + value + "'");
                thresholds.put(model, t);
            }
        });
        return new ModelSettings(classes, thresholds, sliceKeys(), 0.5);
    }

    /** {@code models.<model>.savedmodel}: the SavedModel directory {@code confmon score} runs for each model. */
    public Map<String, Path> savedModels() {
        Map<String, Path> out = new TreeMap<>();
        values.forEach((key, value) -> {
            var m = MODEL_KEY.matcher(key);
            if (!m.matches() || !m.group(2).equals("savedmodel")) return;
            if (value.isBlank()) throw new ConfigException(key + " must name a SavedModel directory");
            out.put(m.group(1), Path.of(value.trim()));
        });
        return out;
    }

    /** Properties for every Kafka client: {@code kafka.*} with the prefix removed. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.")) p.put(k.substring("kafka.".length()), v);
        });
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** {@code streams.*} with the prefix removed, passed to Kafka Streams after confmon's own settings. */
    public Map<String, String> streamsOverrides() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("streams.")) out.put(k.substring("streams.".length()), v);
        });
        return out;
    }

    private long millis(String key) {
        try {
            return Durations.parseMillis(get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private int positiveInt(String key) {
        try {
            int v = Integer.parseInt(get(key).trim());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number >= 1, got '" + get(key) + "'");
        }
    }

    private int port(String key) {
        try {
            int v = Integer.parseInt(get(key).trim());
            if (v < 0 || v > 65535) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a port number 0..65535 (0 = any free port), got '" + get(key) + "'");
        }
    }
}
