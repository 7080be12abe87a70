package io.confmon.matrix;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Learns the classes of a model without a configured class list, up to a cap: past it, new
 * classes are counted together as {@link ClassIndex#OTHER}. Hands out dense ids in order of first
 * sight so that counting needs no sorting; {@link #classIndex()} gives the listed order.
 */
public final class ClassLearner {
    private final int cap;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Set<String> inOrder = new LinkedHashSet<>();

    /** @param cap the most classes kept apart; {@code Integer.MAX_VALUE} for no cap */
    public ClassLearner(int cap) {
        if (cap < 1) throw new IllegalArgumentException("classes.max must be at least 1, got " + cap);
        this.cap = cap;
    }

    /** The dense id of the class, learning it if new; classes past the cap share the id of OTHER. */
    public int idOf(String name) {
        Integer id = ids.get(name);
        if (id != null) return id;
        int keptApart = inOrder.size() - (inOrder.contains(ClassIndex.OTHER) ? 1 : 0);
        String kept = keptApart < cap ? name : ClassIndex.OTHER;
        Integer existing = ids.get(kept);
        if (existing != null) {
            ids.put(name, existing);
            return existing;
        }
        int fresh = inOrder.size();
        inOrder.add(kept);
        ids.put(kept, fresh);
        if (!kept.equals(name)) ids.put(name, fresh);
        return fresh;
    }

    /** The names behind ids 0, 1, 2, ... in order of first sight. */
    public String[] namesById() {
        return inOrder.toArray(new String[0]);
    }

    public ClassIndex classIndex() {
        return ClassIndex.learned(inOrder);
    }

    public int size() {
        return inOrder.size();
    }
}
