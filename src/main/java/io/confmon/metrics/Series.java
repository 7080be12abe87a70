package io.confmon.metrics;

import io.micrometer.core.instrument.Tags;
import java.util.List;

/** One series to export: its name and label values (in {@link Family#labelNames()} order) and its value. */
record Series(Key key, double value) {
    /** What identifies a series in the scrape. */
    record Key(Family family, List<String> labelValues) {
        Key {
            labelValues = List.copyOf(labelValues);
            if (labelValues.size() != family.labelNames().size()) {
                throw new IllegalArgumentException(family.name() + " takes labels " + family.labelNames() + ", got " + labelValues);
            }
        }

        Tags tags() {
            List<String> names = family.labelNames();
            String[] pairs = new String[names.size() * 2];
            for (int i = 0; i < names.size(); i++) {
                pairs[2 * i] = names.get(i);
                pairs[2 * i + 1] = labelValues.get(i);
            }
            return Tags.of(pairs);
        }
    }

    Series(Family family, List<String> labelValues, double value) {
        this(new Key(family, labelValues), value);
    }

    Family family() {
        return key.family();
    }
}
