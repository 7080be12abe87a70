package io.confmon.tf.score;

import io.confmon.event.ModelSettings;
import io.confmon.tf.ModelSpec;
import io.confmon.tf.TensorFlowBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The SavedModels {@code score} serves, loaded once at start-up (a bad one stops start-up, naming it). */
public final class ServedModels implements AutoCloseable {
    private final Map<String, ServedModel> byName;

    private ServedModels(Map<String, ServedModel> byName) {
        this.byName = byName;
    }

    public static ServedModels load(TensorFlowBackend tf, Map<String, Path> dirs, ModelSettings settings) {
        Map<String, ServedModel> loaded = new TreeMap<>();
        try {
            for (Map.Entry<String, Path> e : dirs.entrySet()) {
                Path dir = e.getValue();
                loaded.put(e.getKey(), new ServedModel(e.getKey(), dir.toAbsolutePath().normalize().getFileName().toString(),
                        tf.load(ModelSpec.of(dir)), settings.threshold(e.getKey())));
            }
        } catch (RuntimeException ex) {
            loaded.values().forEach(m -> m.model().close());
            throw ex;
        }
        return new ServedModels(loaded);
    }

    public Map<String, ServedModel> byName() {
        return byName;
    }

    public String describe() {
        return byName.values().stream().map(m -> m.name() + " (version " + m.version() + ": " + m.model().description() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        byName.values().forEach(m -> m.model().close());
    }
}
