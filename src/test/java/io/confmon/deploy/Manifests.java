package io.confmon.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kubernetes manifests read into fabric8's model classes (the Kubernetes API's own types, and
 * prometheus-operator's for PodMonitor and PrometheusRule). fabric8 keeps a field it does not know
 * in {@code additionalProperties} instead of failing, so {@link #unknownFields} walks the parsed
 * objects and lists every such field: a misspelt or misplaced key, which the API server would
 * drop or reject.
 */
final class Manifests {
    static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** One document of a manifest file. */
    record Doc(String where, HasMetadata resource) {
        <T extends HasMetadata> boolean is(Class<T> type) {
            return type.isInstance(resource);
        }
    }

    private Manifests() {}

    /** Every manifest file under k8s/ (kustomization files are kustomize's, not Kubernetes' resources). */
    static List<Path> files() {
        try (Stream<Path> s = Files.walk(K8S)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().startsWith("kustomization."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a YAML stream, each as the model class of its apiVersion and kind. */
    static List<Doc> parse(String yaml, String where) {
        List<Doc> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            int i = 0;
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node == null || node.isNull() || node.isEmpty()) continue;
                String at = where + " #" + i++ + " (" + node.path("kind").asText() + " " + node.path("metadata").path("name").asText() + ")";
                Object parsed = SERIALIZATION.unmarshal(YAML.writeValueAsString(node));
                if (!(parsed instanceof HasMetadata resource) || parsed instanceof GenericKubernetesResource) {
                    throw new AssertionError(at + ": no model class for " + node.path("apiVersion").asText() + " " + node.path("kind").asText());
                }
                docs.add(new Doc(at, resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(where, e);
        }
        return docs;
    }

    /** Paths of the fields the model classes did not know, and of values they could not read. */
    static List<String> unknownFields(Object model) {
        List<String> out = new ArrayList<>();
        walk(model, "", out);
        return out;
    }

    private static void walk(Object o, String path, List<String> out) {
        if (o == null) return;
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) walk(item, path + "[" + i++ + "]", out);
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.") || o.getClass().isEnum()) return;
        for (Method getter : o.getClass().getMethods()) {
            String name = getter.getName();
            if (!name.startsWith("get") || getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())) continue;
            if (!getter.getDeclaringClass().getName().startsWith("io.fabric8.")) continue;
            Object value;
            try {
                value = getter.invoke(o);
            } catch (InvocationTargetException e) {
                out.add(path + "." + field(name) + " (unreadable: " + e.getCause().getMessage() + ")");
                continue;
            } catch (IllegalAccessException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) extra.keySet().forEach(k -> out.add(path + "." + k));
            } else {
                walk(value, path + "." + field(name), out);
            }
        }
    }

    private static String field(String getter) {
        String f = getter.substring(3);
        return f.isEmpty() ? f : f.substring(0, 1).toLowerCase(Locale.ROOT) + f.substring(1);
    }
}
