package io.confmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.alerts.ShippedPromQl.Expression;
import io.confmon.alerts.ShippedPromQl.VariableQuery;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.TopicSetup;
import io.confmon.demo.FashionClassifier;
import io.confmon.demo.LabelDelay;
import io.confmon.demo.SimulatorSettings;
import io.confmon.demo.TrafficSimulator;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.OutsideTools;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped monitoring against live data: a real Prometheus server scrapes a running confmon
 * fed with drifting Fashion-MNIST traffic and evaluates the shipped rule file, with only its view
 * names and {@code for:} durations shortened so the run takes minutes, not hours.
 *
 * <ol>
 *   <li>A test broker, confmon in this JVM ({@code views=20s,1m,6m,10m}, 10 s buckets, metrics
 *       refreshed every second), Prometheus on loopback (scrape and evaluation every second) loading a
 *       copy of {@code grafana/prometheus/confmon-rules.yml} whose expressions are unchanged but for
 *       the view names: the quality alerts' views 15-20 times shorter ({@code window="5m"} ->
 *       {@code "20s"}, {@code "20m"} -> {@code "1m"}), {@code "1h"} -> {@code "6m"}, the 24h baseline
 *       -> {@code "10m"}, and every {@code for:} -> 20s (15 times shorter than the quality alerts' 5m).</li>
 *   <li>{@link TrafficSimulator} at 200 requests/s, labels within 100 ms, realistic mix (duplicates,
 *       corrections, unlabelled requests, a few malformed records); after 120 s the classifier calls
 *       45 % of Shirts a T-shirt/top (12 % before).</li>
 *   <li>{@code ConfmonConfusionRising} must be FIRING in {@code /api/v1/alerts} for actual="Shirt",
 *       predicted="T-shirt/top" within {@link #ALERT_DEADLINE} of the drift (at most 10 minutes), for
 *       no other pair (Coat -> Pullover, with enough rows to be judged, is the stable one checked by
 *       name) and at no time before the drift.</li>
 *   <li>Then every shipped PromQL query (rule file, Grafana alert rules, dashboard panels and
 *       variables) runs against that Prometheus and must answer without error and with data, except
 *       the few in {@link #MAY_BE_EMPTY}; every rule must be healthy; the live {@code /metrics} must
 *       pass {@code promtool check metrics}.</li>
 * </ol>
 */
class PrometheusEndToEndTest {
    private static final String MODEL = "fashion";
    private static final String SHORT = "20s";
    private static final String LONG = "10m";
    /**
     * The shipped views and the test's: the quality alerts' 15 (5m) and 20 (20m) times shorter, the
     * baseline as short as the run allows. The mid view must stay well inside the pre-drift history,
     * as 20m is inside 24h, or the baseline is the mid view and the rise never looks significant.
     */
    private static final Map<String, String> VIEWS = Map.of("5m", SHORT, "20m", "1m", "1h", "6m", "24h", LONG);
    /** The quality alerts' 5m, 15 times shorter like the short view (every other alert's too). */
    private static final String FOR = "20s";
    private static final double REQUESTS_PER_SECOND = 200;
    private static final Duration DRIFT_AFTER = Duration.ofSeconds(120);
    /**
     * After the drift, with the views above, the rule's condition holds from ~25 s until ~270 s (then
     * the 10m baseline has absorbed enough of the drift); firing comes 20 s after it starts to hold.
     * The issue asks for firing within 10 minutes of the drift; past 3, something is wrong.
     */
    private static final Duration FIRING_WITHIN = Duration.ofMinutes(3);
    private static final Duration ALERT_DEADLINE = DRIFT_AFTER.plus(FIRING_WITHIN);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final String RISING = "ConfmonConfusionRising";
    private static final Pair DRIFTING = new Pair("Shirt", "T-shirt/top");
    /** Coat -> Pullover (7 %) does not change. */
    private static final Pair STABLE = new Pair("Coat", "Pullover");

    /** Grafana's variables, as the check gives them. */
    private static final Map<String, String> VARIABLES = Map.of(
            "model", MODEL, "window", SHORT, "__rate_interval", "1m", "__range", "5m");

    /**
     * Queries that may answer nothing in this scenario, by alert (both copies: Prometheus' rule and
     * Grafana's), each with the reason. Every other query must return at least one series with a
     * number. An alert expression answers only while its condition holds.
     */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of(
            "ConfmonAccuracyDrop",
            "the drift takes Shirt's recall from 70 % to 44 %, but Shirts are 12 % of requests: accuracy falls ~3 points, the alert needs 5",
            "ConfmonLabelsStalled{stall=\"no_joins\"}",
            "labels keep joining all along (LabelDelay.fast(): every label within 100 ms)",
            "ConfmonLabelsStalled{stall=\"coverage\"}",
            "compares with `offset 1d`: this Prometheus is minutes old, so there is no day-old coverage");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Pair(String actual, String predicted) {
        @Override
        public String toString() {
            return actual + " -> " + predicted;
        }

        String selector() {
            return "{model=\"" + MODEL + "\",actual=\"" + actual + "\",predicted=\"" + predicted + "\"}";
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void prometheusAlertsOnTheDriftingPairAndEveryShippedQueryAnswers(@TempDir Path tmp) throws Exception {
        Path prometheusBinary = OutsideTools.require("prometheus", "apt-get install prometheus");
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        long t0 = System.nanoTime();

        // Everything shipped is read (and rejected if this test cannot run it) before anything starts.
        ShippedPromQl shipped = new ShippedPromQl(VIEWS, VARIABLES);
        Path rules = tmp.resolve("confmon-rules.yml");
        Files.writeString(rules, shipped.testRules(Files.readString(ShippedPromQl.RULES), FOR));
        List<Expression> expressions = shipped.expressions();
        List<VariableQuery> variableQueries = shipped.variableQueries();
        for (String alert : MAY_BE_EMPTY.keySet()) {
            assertThat(expressions).as("allow-list entry %s names a shipped alert", alert).anyMatch(e -> mayBeEmpty(e, alert));
        }
        say("%d shipped queries and %d dashboard variables to run; not rule files: %s", expressions.size(), variableQueries.size(),
                shipped.skipped);

        PrometheusServer prometheusRef = null;
        try (TestBroker kafka = TestBroker.start()) {
            Config config = Config.load(null, Map.of(), settings(kafka.bootstrapServers(), tmp));
            TopicSetup.create(config.kafkaProperties(), TopicSetup.topics(config), 2);
            try (Monitor monitor = Monitor.start(config, new MonitorInstruments());
                 PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, Files.createDirectories(tmp.resolve("prometheus")),
                         "127.0.0.1:" + monitor.httpPort(), rules)) {
                prometheusRef = prometheus;
                awaitReady(monitor);
                say("%s, confmon on :%d, prometheus at %s, ready after %ds", kafka, monitor.httpPort(), prometheus.base, secondsSince(t0));

                Instant trafficStart = Instant.now();
                Instant driftAt = trafficStart.plus(DRIFT_AFTER);
                SimulatorSettings traffic = SimulatorSettings.defaults()
                        .withTopics(config.get("topics.predictions"), config.get("topics.labels"))
                        .withRate(REQUESTS_PER_SECOND)
                        .withLabelDelay(LabelDelay.fast())
                        .withPrimaryClassifier(FashionClassifier.standard().withDrift(driftAt))
                        .withSeed(20_251_122L);
                try (TrafficSimulator simulator = TrafficSimulator.connect(kafka.bootstrapServers(), traffic, Clock.systemUTC())) {
                    simulator.start();
                    AlertWatch watch = watchAlerts(prometheus, monitor, simulator, trafficStart, driftAt);
                    watch.assertSawTheDriftingPairOnly();
                    // The stable pair was judged, not just absent: its row has the support the alert asks for.
                    assertThat(prometheus.query("confmon:confusion_support:mid" + STABLE.selector()
                            + " >= scalar(confmon:config:min_support)").path("result"))
                            .as("the stable pair %s has min_support rows in the short view", STABLE).isNotEmpty();

                    // Still inside the rule's window: the alert's own expression answers too.
                    List<String> failures = new ArrayList<>();
                    runShippedQueries(prometheus, expressions, failures);
                    runVariableQueries(prometheus, variableQueries, failures);
                    checkRuleHealth(prometheus, failures);
                    checkScrapeWithPromtool(promtool, monitor, failures);
                    assertThat(failures).as("shipped queries on live data (see the log above)").isEmpty();
                    say("traffic: %s", simulator.counts().statusLine());
                }
            }
            say("prometheus stopped with exit code %d; problems it logged: %s", prometheusRef.exitValue(), prometheusRef.problemsLogged());
            assertThat(prometheusRef.exitValue()).as("prometheus exit code after SIGTERM").isZero();
        } finally {
            say("whole test: %ds", secondsSince(t0));
        }
    }

    // -------------------------------------------------------------------------------------------
    // The alert.
    // -------------------------------------------------------------------------------------------

    /** Polls {@code /api/v1/alerts} every second until the drifting pair's alert fires or the deadline. */
    private AlertWatch watchAlerts(PrometheusServer prometheus, Monitor monitor, TrafficSimulator simulator,
                                   Instant trafficStart, Instant driftAt) throws Exception {
        AlertWatch watch = new AlertWatch(trafficStart, driftAt);
        Instant deadline = trafficStart.plus(ALERT_DEADLINE);
        Instant nextProgress = Instant.now();
        while (true) {
            if (monitor.failed()) fail("confmon failed", monitor.failure());
            if (simulator.failure() != null) fail("the traffic simulator failed", simulator.failure());
            JsonNode alerts = prometheus.alerts();
            watch.observe(alerts);
            boolean done = watch.drifting().contains("firing");
            if (done || !Instant.now().isBefore(nextProgress) || Instant.now().isAfter(deadline)) {
                say("[%3ds] %s | %s=%s | %s short %s baseline %s lower bound %s n %s | %s short %s baseline %s | alerts: %s",
                        watch.elapsed(), simulator.counts().statusLine(), "drift", Instant.now().isBefore(driftAt) ? "not yet" : "on",
                        DRIFTING, value(prometheus, "confmon:confusion_ratio:short" + DRIFTING.selector()),
                        value(prometheus, "confmon:confusion_ratio:baseline" + DRIFTING.selector()),
                        value(prometheus, "confmon:confusion_ratio:wilson_lower:mid" + DRIFTING.selector()),
                        value(prometheus, "confmon:confusion_support:mid" + DRIFTING.selector()),
                        STABLE, value(prometheus, "confmon:confusion_ratio:short" + STABLE.selector()),
                        value(prometheus, "confmon:confusion_ratio:baseline" + STABLE.selector()),
                        AlertWatch.summary(alerts));
                nextProgress = Instant.now().plus(PROGRESS_EVERY);
            }
            if (done || Instant.now().isAfter(deadline)) break;
            Thread.sleep(1000);
        }
        say("alert states first seen (seconds after traffic started, drift at %ds): %s; the drifting pair firing %s s after the drift",
                DRIFT_AFTER.toSeconds(), watch.firstSeen, watch.firingAfterDrift.getOrDefault("firing", -1L));
        return watch;
    }

    /** What {@code /api/v1/alerts} said over the run. */
    static final class AlertWatch {
        final Instant trafficStart;
        final Instant driftAt;
        /** "alert{labels} state" -> seconds after traffic start, first time seen. */
        final Map<String, Long> firstSeen = new LinkedHashMap<>();
        final TreeSet<String> driftingStates = new TreeSet<>();
        /** "firing" -> seconds after the drift it was first seen. */
        final Map<String, Long> firingAfterDrift = new LinkedHashMap<>();
        final List<String> wrong = new ArrayList<>();

        AlertWatch(Instant trafficStart, Instant driftAt) {
            this.trafficStart = trafficStart;
            this.driftAt = driftAt;
        }

        long elapsed() {
            return Duration.between(trafficStart, Instant.now()).toSeconds();
        }

        void observe(JsonNode alerts) {
            boolean beforeDrift = Instant.now().isBefore(driftAt);
            for (JsonNode a : alerts) {
                JsonNode labels = a.path("labels");
                String state = a.path("state").asText();
                String name = labels.path("alertname").asText();
                String key = describe(labels) + " " + state;
                firstSeen.putIfAbsent(key, elapsed());
                if (!name.equals(RISING)) continue;
                Pair pair = new Pair(labels.path("actual").asText(), labels.path("predicted").asText());
                if (pair.equals(DRIFTING) && !beforeDrift && labels.path("model").asText().equals(MODEL)) {
                    driftingStates.add(state);
                    if (state.equals("firing")) firingAfterDrift.putIfAbsent(state, Duration.between(driftAt, Instant.now()).toSeconds());
                } else {
                    wrong.add(String.format("%ds: %s %s (value %s)%s", elapsed(), describe(labels), state, a.path("value").asText(),
                            beforeDrift ? ", before the drift" : ""));
                }
            }
        }

        TreeSet<String> drifting() {
            return driftingStates;
        }

        void assertSawTheDriftingPairOnly() {
            assertThat(driftingStates).as(RISING + " for " + DRIFTING + " firing within " + FIRING_WITHIN.toSeconds()
                    + " s of the drift; states first seen: " + firstSeen).contains("firing");
            assertThat(wrong).as(RISING + " for anything but " + DRIFTING + " after the drift (" + STABLE + " is one stable pair)")
                    .isEmpty();
            assertThat(firstSeen.keySet()).as("the stable pair " + STABLE).noneMatch(k -> k.contains("actual=\"" + STABLE.actual() + "\"")
                    && k.contains("predicted=\"" + STABLE.predicted() + "\""));
        }

        static String describe(JsonNode labels) {
            StringBuilder s = new StringBuilder(labels.path("alertname").asText()).append('{');
            for (String l : List.of("actual", "predicted", "stall", "topic", "reason")) {
                if (labels.has(l)) s.append(s.charAt(s.length() - 1) == '{' ? "" : ",").append(l).append("=\"").append(labels.get(l).asText()).append('"');
            }
            return s.append('}').toString();
        }

        static String summary(JsonNode alerts) {
            if (alerts.isEmpty()) return "none";
            List<String> out = new ArrayList<>();
            for (JsonNode a : alerts) {
                String value = a.path("labels").path("alertname").asText().equals(RISING)
                        ? String.format(" (rise %.3f)", Double.parseDouble(a.path("value").asText("NaN"))) : "";
                out.add(describe(a.path("labels")) + " " + a.path("state").asText() + value);
            }
            return String.join("; ", out);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Every shipped query.
    // -------------------------------------------------------------------------------------------

    private static void runShippedQueries(PrometheusServer prometheus, List<Expression> expressions, List<String> failures)
            throws InterruptedException {
        for (Expression e : expressions) {
            String allowed = MAY_BE_EMPTY.entrySet().stream().filter(a -> mayBeEmpty(e, a.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            JsonNode data;
            try {
                data = prometheus.query(e.promql());
            } catch (IOException error) {
                failures.add("error: " + e + ": " + error.getMessage());
                say("ERROR  %s\n       %s", e, error.getMessage());
                continue;
            }
            Answer answer = Answer.of(data);
            if (answer.usable() > 0) {
                say("ok     %-6s %s%s", answer, e, allowed == null ? "" : "  (allow-listed as possibly empty, has data now)");
            } else if (allowed != null) {
                say("empty  %-6s %s  (allowed: %s)", answer, e, allowed);
            } else {
                failures.add("no data: " + e + " answered " + data);
                say("EMPTY  %-6s %s", answer, e);
            }
        }
    }

    /** The dashboard's {@code label_values(...)} variables must offer the values the check substitutes. */
    private static void runVariableQueries(PrometheusServer prometheus, List<VariableQuery> queries, List<String> failures)
            throws InterruptedException {
        for (VariableQuery q : queries) {
            String what = q.source() + " | variable " + q.variable() + " | " + q.shipped();
            try {
                JsonNode values = prometheus.labelValues(q.label(), q.match());
                List<String> offered = new ArrayList<>();
                values.forEach(v -> offered.add(v.asText()));
                String expected = VARIABLES.get(q.variable());
                List<String> missing = new ArrayList<>();
                if (expected != null && !offered.contains(expected)) missing.add(expected);
                if (q.label().equals("window") && !offered.contains(LONG)) missing.add(LONG);
                if (missing.isEmpty() && !offered.isEmpty()) {
                    say("ok     %s -> %s", what, offered);
                } else {
                    failures.add("variable " + what + " offers " + offered + ", missing " + missing);
                    say("EMPTY  %s -> %s (missing %s)", what, offered, missing);
                }
            } catch (IOException error) {
                failures.add("error: " + what + ": " + error.getMessage());
                say("ERROR  %s: %s", what, error.getMessage());
            }
        }
    }

    /** Each rule of the copy evaluated without error on live data (an error shows only here, not in a query's answer). */
    private static void checkRuleHealth(PrometheusServer prometheus, List<String> failures) throws IOException, InterruptedException {
        int rules = 0;
        for (JsonNode group : prometheus.ruleGroups()) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!rule.path("health").asText().equals("ok")) {
                    failures.add("rule " + rule.path("name").asText() + " in group " + group.path("name").asText() + " is "
                            + rule.path("health").asText() + ": " + rule.path("lastError").asText());
                }
            }
        }
        say("rule health: %d rules evaluated, %d unhealthy", rules, failures.stream().filter(f -> f.startsWith("rule ")).count());
        for (JsonNode target : prometheus.targets()) {
            if (!target.path("health").asText().equals("up")) {
                failures.add("scrape target " + target.path("scrapeUrl").asText() + " is " + target.path("health").asText() + ": "
                        + target.path("lastError").asText());
            }
        }
    }

    /** The scrape Prometheus has been reading, as it is now, passes {@code promtool check metrics} without a remark. */
    private static void checkScrapeWithPromtool(Path promtool, Monitor monitor, List<String> failures) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(r.body());
            } catch (IOException ignored) {
                // promtool exited early: its output says why
            }
        });
        feeder.start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        feeder.join();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            failures.add("promtool check metrics did not finish");
            return;
        }
        long lines = new String(r.body(), StandardCharsets.UTF_8).lines().count();
        if (p.exitValue() != 0 || !report.isBlank()) {
            failures.add("promtool check metrics on the live scrape (" + lines + " lines) exited " + p.exitValue() + ":\n" + report);
        }
        say("promtool check metrics: %d lines, exit %d%s", lines, p.exitValue(), report.isBlank() ? ", no remarks" : ":\n" + report);
    }

    /** Series in an answer and how many hold a number (not NaN). */
    record Answer(int series, int usable) {
        static Answer of(JsonNode data) {
            JsonNode result = data.path("result");
            return switch (data.path("resultType").asText()) {
                case "scalar", "string" -> new Answer(1, isNumber(result.get(1)) ? 1 : 0);
                default -> {
                    int usable = 0;
                    for (JsonNode s : result) {
                        if (s.has("value") && isNumber(s.get("value").get(1))) usable++;
                        else if (s.has("values")) for (JsonNode v : s.get("values")) if (isNumber(v.get(1))) { usable++; break; }
                    }
                    yield new Answer(result.size(), usable);
                }
            };
        }

        private static boolean isNumber(JsonNode v) {
            return v != null && !v.asText().equals("NaN");
        }

        @Override
        public String toString() {
            return usable == series ? Integer.toString(series) : usable + "/" + series;
        }
    }

    // -------------------------------------------------------------------------------------------

    private static boolean mayBeEmpty(Expression e, String alert) {
        return e.name().equals("alert " + alert) || e.name().startsWith("alert " + alert + " (Grafana");
    }

    private static Map<String, String> settings(String bootstrap, Path tmp) throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("application.id", "e2e-prometheus");
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("state.dir", Files.createDirectories(tmp.resolve("state")).toString());
        s.put("topics.predictions", "e2e-predictions");
        s.put("topics.labels", "e2e-labels");
        s.put("topics.dlq", "e2e-dlq");
        s.put("topics.snapshots", "e2e-snapshots");
        s.put("views", String.join(",", new TreeSet<>(VIEWS.values())));
        s.put("bucket", "10s");
        s.put("retention", "15m");
        s.put("metrics.refresh", "1s");
        s.put("snapshot.interval", "30s");
        s.put("streams.commit.interval.ms", "200");
        s.put("models." + MODEL + ".classes", String.join(",", FashionClassifier.CLASSES));
        return s;
    }

    private static void awaitReady(Monitor monitor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!monitor.ready()) {
            if (monitor.failed()) fail("confmon failed while starting", monitor.failure());
            if (System.nanoTime() > deadline) fail("confmon not ready within 60 s");
            Thread.sleep(200);
        }
    }

    /** The value of a one-series query, rounded, or "-" when there is none. */
    private static String value(PrometheusServer prometheus, String promql) {
        try {
            JsonNode result = prometheus.query(promql).path("result");
            if (result.isEmpty()) return "-";
            String v = result.get(0).path("value").get(1).asText();
            try {
                double d = Double.parseDouble(v);
                return d >= 10 ? String.format("%.0f", d) : String.format("%.3f", d);
            } catch (NumberFormatException e) {
                return v;
            }
        } catch (IOException | InterruptedException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    private static void say(String format, Object... args) {
        System.out.println("[e2e] " + String.format(format, args));
        System.out.flush();
    }
}
