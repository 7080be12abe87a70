package io.confmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.app.Config;
import io.confmon.testing.OutsideTools;
import io.confmon.view.BucketRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection delay and false alarms of the shipped quality alerts ({@code ConfmonConfusionRising},
 * {@code ConfmonAccuracyDrop}) on generated traffic: each {@link AlertCase} draws rows at random,
 * turns them into the gauges confmon exports per view ({@link ExportedGauges}) and lets
 * {@code promtool test rules} evaluate the shipped rule file on them every minute
 * ({@link PromtoolAlertRun}). A sharp step must fire within 10 minutes, a moderate one within 30,
 * for the changed pair only; silent cases must never fire. The table it prints is the one in
 * grafana/README.md.
 */
class AlertDelayTest {
    /** The views the quality rules read, as the rule file's {@code window=} selectors name them. */
    static final Map<String, Integer> VIEWS = new LinkedHashMap<>(Map.of("5m", 5, "20m", 20, "24h", 1440));

    @Test
    @Timeout(10 * 60)
    void qualityAlertsFireInTimeAndStayQuietOnNoise(@TempDir Path tmp) throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        List<String> problems = new ArrayList<>();
        List<String> table = new ArrayList<>();
        table.add(String.format("%-22s %-24s %-9s %-11s %-12s %s", "case", "alert", "expect", "delay (min)", "false alarms", "traffic"));
        for (AlertCase c : AlertCase.all()) {
            Outcome o = judge(promtool, ShippedPromQl.RULES, tmp, c);
            problems.addAll(o.problems());
            table.add(o.row());
        }
        System.out.println("[alert delays] " + ShippedPromQl.RULES + "\n" + String.join("\n", table));
        assertThat(problems).as("alert cases (table above)").isEmpty();
    }

    /** The checks above can fail: a slower rule is late on the sharp step, a rule without its bound pages on drift. */
    @Test
    @Timeout(5 * 60)
    void brokenRulesAreCaught(@TempDir Path tmp) throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        String shipped = Files.readString(ShippedPromQl.RULES);

        Path slow = tmp.resolve("slow-rules.yml");
        Files.writeString(slow, replaceOnce(shipped, "      - alert: ConfmonConfusionRising\n", "for: 5m", "for: 20m"));
        Outcome late = judge(promtool, slow, tmp, AlertCase.sharpStep());
        System.out.println("[alert delays] with for: 20m: " + late.row());
        assertThat(late.problems()).as("sharp step with for: 20m").anyMatch(p -> p.contains("later than"));

        Path loose = tmp.resolve("loose-rules.yml");
        Files.writeString(loose, shipped.replace("expr: vector(4.5)", "expr: vector(0)").replace("expr: vector(0.10)", "expr: vector(0)"));
        Outcome noisy = judge(promtool, loose, tmp, AlertCase.smallDrift());
        System.out.println("[alert delays] with z = 0, margin = 0: " + noisy.row());
        assertThat(noisy.falseAlarms()).as("small drift with z = 0 and margin = 0").isPositive();
    }

    /** The generator's views are confmon's: every view the rules read is in the default {@code views}. */
    @Test
    void theViewsTheRulesReadAreExportedByDefault() throws Exception {
        List<String> defaults = Config.load(null, java.util.Map.of(), java.util.Map.of()).views().stream().map(v -> v.name()).toList();
        assertThat(defaults).containsAll(VIEWS.keySet());
        String rules = Files.readString(ShippedPromQl.RULES);
        for (String view : VIEWS.keySet()) assertThat(rules).as("rules read window=%s", view).contains("window=\"" + view + "\"");
    }

    @Test
    void theGeneratedViewsSumTheBucketsConfmonReads() {
        long minute = 60_000;
        for (int w : VIEWS.values()) {
            for (int t : new int[] {w, w + 1, 1500, 3000}) {
                BucketRange confmon = BucketRange.last(w * minute, t * minute - 1, minute);
                assertThat(confmon).as("view of %d min sampled at minute %d", w, t)
                        .isEqualTo(new BucketRange(ExportedGauges.firstBucket(t, w) * minute, t * minute));
            }
        }
    }

    @Test
    void promtoolDurationsAreReadInMinutes() {
        assertThat(PromtoolAlertRun.minutes("25m")).isEqualTo(25);
        assertThat(PromtoolAlertRun.minutes("1d1h")).isEqualTo(1500);
        assertThat(PromtoolAlertRun.minutes("1d2h3m")).isEqualTo(1563);
    }

    // -------------------------------------------------------------------------------------------

    record Outcome(AlertCase c, Integer delay, int falseAlarms, List<String> wrong, long millis) {
        List<String> problems() {
            List<String> out = new ArrayList<>();
            if (c.fires() && delay == null) out.add(c.name() + ": never fired for " + c.expected());
            if (c.fires() && delay != null && delay > c.deadline()) {
                out.add(c.name() + ": fired " + delay + " min after the change, later than " + c.deadline());
            }
            if (falseAlarms > 0) out.add(c.name() + ": " + falseAlarms + " false alarm(s): " + wrong);
            return out;
        }

        String row() {
            String expect = c.fires() ? "<= " + c.deadline() : "silent";
            String d = c.fires() ? (delay == null ? "never" : delay.toString()) : "-";
            return String.format("%-22s %-24s %-9s %-11s %-12d %s (%d judged min, %.1f s)", c.name(), String.join(",", c.alerts()), expect, d,
                    falseAlarms, c.what(), c.lastJudged() - c.firstJudged() + 1, millis / 1000.0);
        }
    }

    static Outcome judge(Path promtool, Path rules, Path tmp, AlertCase c) throws Exception {
        long t0 = System.nanoTime();
        // Samples start 30 minutes before judging so `for:` has its history.
        int start = c.firstJudged() - 30;
        List<ExportedGauges.Series> series = ExportedGauges.of(c.traffic(), VIEWS, start);
        PromtoolAlertRun.Result r = PromtoolAlertRun.run(promtool, rules, tmp, c.name(), series, start, c.alerts(), c.firstJudged(),
                c.lastJudged());
        Integer delay = null;
        int falseAlarms = 0;
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> lastSeen = new HashMap<>();
        for (Map.Entry<Integer, List<Map<String, String>>> at : r.firing().entrySet()) {
            int minute = at.getKey();
            for (Map<String, String> labels : at.getValue()) {
                boolean expected = c.fires() && minute >= AlertCase.STEP && labels.entrySet().containsAll(c.expected().entrySet());
                if (expected) {
                    if (delay == null) delay = minute - AlertCase.STEP;
                    continue;
                }
                String key = labels.entrySet().stream().filter(e -> !e.getKey().equals("severity") && !e.getKey().equals("job")
                        && !e.getKey().equals("instance")).map(Map.Entry::toString).collect(Collectors.joining(","));
                Integer previous = lastSeen.put(key, minute);
                if (previous == null || previous != minute - 1) {
                    falseAlarms++;
                    if (wrong.size() < 5) wrong.add("minute " + minute + ": {" + key + "}");
                }
            }
        }
        return new Outcome(c, delay, falseAlarms, wrong, (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code text} with {@code from} replaced by {@code to} once, in the first occurrence after {@code after}. */
    private static String replaceOnce(String text, String after, String from, String to) {
        int start = text.indexOf(after);
        int at = text.indexOf(from, start);
        if (start < 0 || at < 0) throw new IllegalStateException("no '" + from + "' after '" + after.trim() + "' in the rules");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
