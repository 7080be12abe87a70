package io.confmon.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code confmon demo} runs, in one place: the monitor's settings and the simulated traffic.
 * The command and the test that checks the demo's page in a browser both start from here, so the
 * test sees the demo a user sees.
 */
public final class DemoSetup {
    private DemoSetup() {}

    /** The monitor's settings for the demo (HTTP on loopback; the port is the caller's). */
    public static Map<String, String> monitorSettings(String bootstrapServers, Path stateDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        s.put("application.id", "confmon-demo");
        s.put("state.dir", stateDir.toString());
        s.put("http.host", "127.0.0.1");
        s.put("snapshot.interval", "30s");
        String classes = String.join(",", FashionClassifier.CLASSES);
        s.put("models.fashion.classes", classes);
        s.put("models.fashion-canary.classes", classes);
        return s;
    }

    /** The production model {@code fashion} drifting at {@code driftAt}, its canary, {@code rate} requests a second. */
    public static SimulatorSettings traffic(double rate, Instant driftAt) {
        return SimulatorSettings.defaults().withRate(rate).withCanary()
                .withPrimaryClassifier(FashionClassifier.standard().withDrift(driftAt));
    }
}
