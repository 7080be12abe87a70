package io.confmon.backfill;

import java.util.Map;
import java.util.TreeMap;

/**
 * A what-if's merges and renames of one model's classes, {@code models.<model>.rename.<class>=<new
 * name>}: applied to the replayed cells as they are read, so two classes renamed alike are summed
 * into one. None by default.
 */
public record ClassRenames(Map<String, String> to) {
    public static final ClassRenames NONE = new ClassRenames(Map.of());

    public ClassRenames {
        to = Map.copyOf(new TreeMap<>(to));
    }

    public String apply(String name) {
        return to.getOrDefault(name, name);
    }

    public boolean isEmpty() {
        return to.isEmpty();
    }
}
