package io.confmon.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hard cap on exported series: groups claim it in tier order (stable within a tier), each
 * whole or not at all; a group that does not fit is left out and smaller ones after it may
 * still fit. A series offered by two groups (a class's row, wanted by each of its confused
 * pairs and by itself) is exported and counted once.
 */
final class SeriesBudget {
    private final int capacity;

    /** What the cap let through and how many distinct series it left out. */
    record Admitted(List<Series> series, int leftOut) {}

    SeriesBudget(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    Admitted admit(List<SeriesGroup> groups) {
        List<SeriesGroup> ordered = new ArrayList<>(groups);
        ordered.sort(Comparator.comparing(SeriesGroup::tier));
        Map<Series.Key, Series> admitted = new LinkedHashMap<>();
        Set<Series.Key> offered = new HashSet<>();
        for (SeriesGroup group : ordered) {
            List<Series> fresh = new ArrayList<>();
            for (Series s : group.series()) {
                offered.add(s.key());
                if (!admitted.containsKey(s.key())) fresh.add(s);
            }
            if (admitted.size() + fresh.size() > capacity) continue;
            for (Series s : fresh) admitted.put(s.key(), s);
        }
        return new Admitted(List.copyOf(admitted.values()), offered.size() - admitted.size());
    }
}
