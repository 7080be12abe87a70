package io.confmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The {@code --config} file as flat {@code key -> text}: Java properties, or YAML (by extension). */
final class ConfigFile {
    private ConfigFile() {}

    static Map<String, String> read(Path file) {
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
}
