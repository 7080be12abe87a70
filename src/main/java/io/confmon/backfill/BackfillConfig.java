package io.confmon.backfill;

import io.confmon.app.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The replay's configuration: the live monitor's (same file, environment and flags), with an
 * application id of its own (given, or {@link ReplayId}), its own dead-letter topic, and a
 * retention that keeps every bucket it rebuilds (the live retention would drop the older part of a
 * month's replay as stream time moves on), unless {@code retention} is set explicitly.
 */
public final class BackfillConfig {
    /** About a hundred years: a replay keeps what it reads. */
    static final String KEEP_EVERYTHING = "36500d";

    private BackfillConfig() {}

    /**
     * @param load   loads the configuration with the given flags under the user's own
     * @param flags  the user's flags ({@code --set} and the named ones)
     */
    public static Config load(Function<Map<String, String>, Config> load, Map<String, String> flags) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("retention", KEEP_EVERYTHING);
        Config first = load.apply(extra);
        String id = flags.containsKey("application.id") ? first.applicationId() : ReplayId.of(first);
        extra.put("application.id", id);
        extra.put("topics.dlq", Replay.dlqTopic(id));
        // The user's flags win over these (ConfigOptions puts them last).
        return load.apply(extra);
    }
}
