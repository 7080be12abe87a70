package io.confmon.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code confmon demo} runs, in one place: the monitor's settings and the simulated traffic.
 * The command and the test that checks the demo's page in a browser both start from here, so the
 * test sees the demo a user sees.
 *
 * <p>The demo runs minutes, not days, so the live page's change view compares shorter views than
 * production's 5m / 20m / 24h (the alert rule's conditions unchanged): a drift a minute old fills
 * the {@link #MID_VIEW} and is measured against a {@link #BASELINE_VIEW} made mostly of the
 * {@link #HISTORY} sent before the live traffic. With production's views a minute of drift moves
 * the 20m view by a point or two against a baseline that, in a demo, holds no more history than
 * the 20m view itself: nothing to see.
 */
public final class DemoSetup {
    /** Traffic sent at once when the demo starts, dated the span before it: the baseline's history. */
    public static final Duration HISTORY = Duration.ofMinutes(10);
    public static final String SHORT_VIEW = "15s";
    public static final String MID_VIEW = "1m";
    public static final String BASELINE_VIEW = "10m";
    /** 12 trend steps of 15 s: the last 3 minutes, the drift's step up seen within the first. */
    public static final String TREND_STEP = "15s";

    private DemoSetup() {}

    /** The monitor's settings for the demo (HTTP on loopback; the port is the caller's). */
    public static Map<String, String> monitorSettings(String bootstrapServers, Path stateDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        s.put("application.id", "confmon-demo");
        s.put("state.dir", stateDir.toString());
        s.put("http.host", "127.0.0.1");
        s.put("snapshot.interval", "30s");
        // Buckets as fine as the shortest view the page asks for, so it is not rounded up to a minute.
        s.put("bucket", "5s");
        s.put("page.change.views", String.join(",", SHORT_VIEW, MID_VIEW, BASELINE_VIEW));
        s.put("page.trend.step", TREND_STEP);
        String classes = String.join(",", FashionClassifier.CLASSES);
        s.put("models.fashion.classes", classes);
        s.put("models.fashion-canary.classes", classes);
        return s;
    }

    /**
     * Connects the demo's traffic to {@code bootstrapServers}, sends its {@link #HISTORY} and starts
     * it; the caller closes it.
     */
    public static TrafficSimulator startTraffic(String bootstrapServers, double rate, Instant driftAt, Clock clock) {
        TrafficSimulator traffic = TrafficSimulator.connect(bootstrapServers, traffic(rate, driftAt), clock);
        try {
            traffic.sendHistory(HISTORY);
            traffic.start();
            return traffic;
        } catch (RuntimeException e) {
            traffic.close();
            throw e;
        }
    }

    /** The production model {@code fashion} drifting at {@code driftAt}, its canary, {@code rate} requests a second. */
    public static SimulatorSettings traffic(double rate, Instant driftAt) {
        return SimulatorSettings.defaults().withRate(rate).withCanary()
                .withPrimaryClassifier(FashionClassifier.standard().withDrift(driftAt));
    }
}
