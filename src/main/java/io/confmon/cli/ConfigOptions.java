package io.confmon.cli;

import io.confmon.app.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every Kafka-facing command shares: the configuration file, the common keys as flags, and {@code --set key=value} for the rest. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (Java properties or YAML).")
    Path file;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka brokers (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (application.id).")
    String applicationId;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (http.port; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state directory (state.dir).")
    Path stateDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any configuration key, e.g. --set bucket=30s. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    public Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) flags.put("bootstrap.servers", bootstrapServers);
        if (applicationId != null) flags.put("application.id", applicationId);
        if (httpPort != null) flags.put("http.port", Integer.toString(httpPort));
        if (stateDir != null) flags.put("state.dir", stateDir.toString());
        return flags;
    }

    public Config load() {
        return load(Map.of());
    }

    /** The configuration, with {@code defaults} applied under the file, environment and flags. */
    public Config load(Map<String, String> extraFlags) {
        Map<String, String> flags = new LinkedHashMap<>(extraFlags);
        flags.putAll(flags());
        return Config.load(file, System.getenv(), flags);
    }
}
