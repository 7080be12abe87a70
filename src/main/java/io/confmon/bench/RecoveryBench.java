package io.confmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code bench monitor --parts recovery}: how long a {@code confmon run} instance takes to serve
 * again after a SIGKILL with N predictions waiting for their labels in its state, alone (no standby
 * possible: exactly-once Streams wipes the crashed task's state and restores it from the changelog)
 * and as one of two instances with {@code num.standby.replicas=1} (the survivor holds a warm copy).
 * The killed instance is restarted at once, with the same state dir, as a supervisor would. Then,
 * with two instances, the one that holds the model is killed and not restarted: how long the
 * survivor takes to serve it (the dead member's session timeout, then the takeover).
 */
public final class RecoveryBench {
    private static final long POLL_MS = 100;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(40);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(20);
    /** After the state holds every prediction: a few commits (100 ms apart), and for a standby time to catch up. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    /** @param pending the N to run; monitorSettings for every instance, over confmon's defaults */
    public record Settings(List<Long> pending, Map<String, String> monitorSettings) {}

    /**
     * One recovery.
     *
     * @param who           which instance was timed: the restarted one, or the survivor
     * @param loadSeconds   time for the instances to hold all N from the earliest offsets (from their start)
     * @param answerSeconds SIGKILL to the restarted process's first HTTP answer (JVM start); -1 for the survivor, which never stops answering
     * @param readySeconds  SIGKILL to its {@code /readyz} 200 (Streams RUNNING, nothing restoring); the survivor's 0 if it stayed ready
     * @param servedSeconds SIGKILL to it answering the model with all N pending
     * @param states        the readiness states it went through, with the seconds each was first seen
     */
    record Recovery(long pending, int standbys, Who who, double loadSeconds, double answerSeconds, double readySeconds, double servedSeconds,
                    String states) {}

    /** Who must serve again after the SIGKILL: the killed instance, restarted at once, or the other instance, alone. */
    enum Who { RESTARTED, SURVIVOR }

    private RecoveryBench() {}

    public static void run(Settings s, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("confmon-bench-recovery");
        String uptimeBefore = ComparisonReport.uptime();
        List<Recovery> results = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker-data"), work.resolve("broker.log"))) {
            MonitorBench.progress("recovery: confmon broker ready on %s (log %s)", broker.bootstrap(), work.resolve("broker.log"));
            for (long n : s.pending()) {
                String prefix = "rec" + n + "-";
                double seconds = MonitorBenchLoad.pendingPredictions(broker.bootstrap(), prefix, n, "recovery N=" + n);
                MonitorBench.progress("recovery: produced %,d predictions (no labels) in %.1f s", n, seconds);
                for (int standbys : new int[] {0, 1}) {
                    results.add(recover(broker.bootstrap(), prefix, n, standbys, Who.RESTARTED, s.monitorSettings(), work));
                }
                results.add(recover(broker.bootstrap(), prefix, n, 1, Who.SURVIVOR, s.monitorSettings(), work));
            }
        } finally {
            String uptimeAfter = ComparisonReport.uptime();
            print(out, results, uptimeBefore, uptimeAfter);
            try {
                Utils.delete(work.toFile());
            } catch (IOException e) {
                MonitorBench.progress("could not delete %s: %s", work, e.getMessage());
            }
        }
    }

    private static Recovery recover(String bootstrap, String prefix, long n, int standbys, Who who, Map<String, String> settings, Path work)
            throws Exception {
        String label = String.format(Locale.ROOT, "recovery N=%,d, %d standby%s", n, standbys, who == Who.SURVIVOR ? ", survivor" : "");
        int instances = standbys + 1;
        List<List<String>> args = new ArrayList<>();
        List<MonitorProcess> monitors = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                // The standby count first, so that a --set of the benchmark's own still wins.
                Map<String, String> runSettings = new LinkedHashMap<>(Map.of("streams.num.standby.replicas", Integer.toString(standbys)));
                runSettings.putAll(settings);
                List<String> a = MonitorProcess.runArgs(bootstrap, prefix + "sb" + standbys + (who == Who.SURVIVOR ? "-survivor" : ""),
                        Files.createTempDirectory(work, "state-"), prefix, runSettings);
                args.add(a);
                ports.add(MonitorProcess.freePort());
                monitors.add(MonitorProcess.start(ports.get(i), a, work.resolve("monitor-" + n + "-" + standbys + "-" + i + ".log")));
            }
            long lastProgress = 0;
            while (!(monitors.stream().allMatch(MonitorProcess::ready) && monitors.get(0).pending(MonitorBench.MODEL).orElse(-1) == n)) {
                failIfDead(monitors, label);
                if (System.nanoTime() - start > LOAD_TIMEOUT.toNanos()) throw new IllegalStateException(label + ": state not loaded in " + LOAD_TIMEOUT);
                if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                    OptionalLong held = monitors.get(0).pending(MonitorBench.MODEL);
                    MonitorBench.progress("%s: %s of %,d pending", label, held.isPresent() ? String.format(Locale.ROOT, "%,d", held.getAsLong())
                            : "none yet", n);
                    lastProgress = System.nanoTime();
                }
                Thread.sleep(500);
            }
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            MonitorBench.progress("%s: %d instance(s) hold %,d pending after %.1f s; settling %d s, then SIGKILL", label, instances, n,
                    loadSeconds, SETTLE.toSeconds());
            Thread.sleep(SETTLE.toMillis());
            if (who == Who.SURVIVOR) return survive(monitors, n, standbys, label, loadSeconds);

            MonitorProcess victim = monitors.get(0);
            victim.kill();
            long killed = System.nanoTime();
            MonitorProcess restarted = MonitorProcess.start(victim.port(), args.get(0),
                    work.resolve("monitor-" + n + "-" + standbys + "-0-restarted.log"));
            monitors.set(0, restarted);
            StatesSeen states = new StatesSeen();
            double answer = -1;
            double ready = -1;
            double served = -1;
            while (served < 0 || ready < 0) {
                failIfDead(monitors, label);
                double t = (System.nanoTime() - killed) / 1e9;
                if (t > RECOVERY_TIMEOUT.toSeconds()) throw new IllegalStateException(label + ": not serving " + RECOVERY_TIMEOUT + " after SIGKILL");
                String state = restarted.readinessState();
                if (state != null && answer < 0) answer = t;
                states.see(state, t);
                if (ready < 0 && restarted.ready()) ready = t;
                OptionalLong pending = restarted.pending(MonitorBench.MODEL);
                if (served < 0 && pending.isPresent() && pending.getAsLong() == n) served = t;
                Thread.sleep(POLL_MS);
            }
            MonitorBench.progress("%s: after SIGKILL, the restarted instance answers at %.1f s, is ready at %.1f s, serves all %,d pending at %.1f s (%s)",
                    label, answer, ready, n, served, states);
            return new Recovery(n, standbys, who, loadSeconds, answer, ready, served, states.toString());
        } finally {
            for (MonitorProcess m : monitors) m.stop();
        }
    }

    /**
     * Kills the instance that holds the model, restarts nothing, and times the other one: until it
     * answers the model with all N pending, and until {@code /readyz} is 200 again after it was not
     * (0 when it never stopped being ready).
     */
    private static Recovery survive(List<MonitorProcess> monitors, long n, int standbys, String label, double loadSeconds)
            throws InterruptedException {
        int holder = monitors.get(0).holdsLocally(MonitorBench.MODEL) ? 0 : monitors.get(1).holdsLocally(MonitorBench.MODEL) ? 1 : -1;
        if (holder < 0) throw new IllegalStateException(label + ": neither instance holds the model");
        MonitorProcess survivor = monitors.get(1 - holder);
        monitors.get(holder).kill();
        monitors.remove(holder);
        long killed = System.nanoTime();
        StatesSeen states = new StatesSeen();
        boolean sawNotReady = false;
        double ready = -1;
        double served = -1;
        while (true) {
            failIfDead(monitors, label);
            double t = (System.nanoTime() - killed) / 1e9;
            if (t > RECOVERY_TIMEOUT.toSeconds()) throw new IllegalStateException(label + ": not serving " + RECOVERY_TIMEOUT + " after SIGKILL");
            states.see(survivor.readinessState(), t);
            boolean isReady = survivor.ready();
            if (!isReady) sawNotReady = true;
            else if (sawNotReady && ready < 0) ready = t;
            OptionalLong pending = survivor.pending(MonitorBench.MODEL);
            if (served < 0 && pending.isPresent() && pending.getAsLong() == n) served = t;
            if (served >= 0 && (ready >= 0 || (!sawNotReady && isReady))) break;
            Thread.sleep(POLL_MS);
        }
        if (ready < 0) ready = 0;
        MonitorBench.progress("%s: after SIGKILL of the instance holding the model, the survivor serves all %,d pending at %.1f s, ready at %.1f s (%s)",
                label, n, served, ready, states);
        return new Recovery(n, standbys, Who.SURVIVOR, loadSeconds, -1, ready, served, states.toString());
    }

    /** The readiness states an instance went through, each with the seconds after the SIGKILL it was first seen at. */
    private static final class StatesSeen {
        private final StringBuilder seen = new StringBuilder();
        private String last;

        /** Notes {@code state} (null while nothing answers) when it differs from the last one seen. */
        void see(String state, double seconds) {
            if (state == null || state.equals(last)) return;
            seen.append(seen.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", state, seconds));
            last = state;
        }

        @Override
        public String toString() {
            return seen.toString();
        }
    }

    private static void failIfDead(List<MonitorProcess> monitors, String label) {
        for (MonitorProcess m : monitors) m.failIfExited(label);
    }

    private static void print(PrintStream out, List<Recovery> results, String uptimeBefore, String uptimeAfter) {
        out.printf(Locale.ROOT, "%nrecovery after SIGKILL: `confmon run` (exactly_once_v2, defaults: session.timeout.ms 45 s) with N predictions%n");
        out.println("waiting for labels in its state, killed and restarted at once with the same state dir; `confmon broker` in its own JVM;");
        out.println("4 partitions; standby 1 = two instances with num.standby.replicas=1, the first one killed; survivor = two instances,");
        out.println("the one holding the model killed and not restarted, the other one timed.");
        out.println("load before: " + uptimeBefore);
        out.println("load after:  " + uptimeAfter);
        out.printf(Locale.ROOT, "%n| %12s | %7s | %-9s | %18s | %17s | %16s | %s |%n", "pending N", "standby", "serves", "first HTTP answer",
                "ready (/readyz)", "serves all N", "states seen (s after SIGKILL)");
        out.println("|---:|---:|---|---:|---:|---:|---|");
        for (Recovery r : results) {
            out.printf(Locale.ROOT, "| %,12d | %7d | %-9s | %18s | %15.1f s | %14.1f s | %s (state loaded in %.0f s) |%n", r.pending(), r.standbys(),
                    r.who() == Who.RESTARTED ? "restarted" : "survivor",
                    r.answerSeconds() < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", r.answerSeconds()), r.readySeconds(), r.servedSeconds(),
                    r.states(), r.loadSeconds());
        }
    }
}
