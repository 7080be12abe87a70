package io.confmon.backfill;

import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The what-if settings that are not monitor configuration: {@code models.<model>.rename.<class>=<name>}
 * merges or renames a model's classes in what the backfill reads out of its replay (two classes
 * renamed alike are counted as one). Threshold, class list, label horizon and bucket are ordinary
 * configuration keys: they change what the replay counts, and so its application id.
 */
public final class WhatIf {
    private static final Pattern RENAME = Pattern.compile("models\\.(.+)\\.rename\\.(.+)");

    private WhatIf() {}

    /** Takes the rename settings out of {@code flags} (the monitor's configuration would reject them) and returns them per model. */
    public static Map<String, ClassRenames> takeRenames(Map<String, String> flags) {
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        for (Iterator<Map.Entry<String, String>> it = flags.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            Matcher m = RENAME.matcher(e.getKey());
            if (!m.matches()) continue;
            if (e.getValue().isBlank()) throw new IllegalArgumentException(e.getKey() + " needs the new class name, e.g. " + e.getKey() + "=Top");
            byModel.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), e.getValue().trim());
            it.remove();
        }
        Map<String, ClassRenames> out = new TreeMap<>();
        byModel.forEach((model, renames) -> out.put(model, new ClassRenames(renames)));
        return out;
    }

    /** The class lists as read after renaming: a configured list is renamed entry by entry, merged names once, in first place. */
    public static ModelSettings renamed(ModelSettings settings, Map<String, ClassRenames> renames) {
        if (renames.isEmpty()) return settings;
        Map<String, ClassSpace> classes = new TreeMap<>(settings.classes());
        renames.forEach((model, r) -> {
            ClassSpace space = settings.space(model);
            if (space.isOpen()) return;
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (String name : space.fixed().names()) names.add(r.apply(name));
            classes.put(model, ClassSpace.of(ClassIndex.of(new ArrayList<>(names))));
        });
        return new ModelSettings(classes, settings.thresholds(), settings.sliceKeys(), settings.defaultThreshold());
    }

    /** A model's matrix over a range, its classes renamed. */
    public static ModelView read(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, MatrixReader reader, String model, BucketRange range,
                                 ClassRenames renames) {
        long from = range.from() == null ? Long.MIN_VALUE / 4 : range.from();
        long to = range.to() == null ? Long.MAX_VALUE / 4 : range.to();
        try (SlidingWindow w = new SlidingWindow(new BucketCursor(buckets, model, from), new BucketCursor(buckets, model, from), renames, from)) {
            w.moveTo(new BucketRange(from, to));
            return reader.toView(model, range, w.all());
        }
    }
}
