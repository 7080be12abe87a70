package io.confmon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code promtool test rules} on generated series and reports which alerts were firing at
 * each judged minute. promtool checks expected alerts but does not list the ones it saw, so
 * every judged minute expects none, and the alerts promtool reports as unexpected are the
 * answer: the first minute a pair appears is when it fired. A run that fails for any other
 * reason (a rule error, bad input) throws with promtool's output.
 */
final class PromtoolAlertRun {
    /** Firing alerts by judged minute (only minutes with at least one), each as its label set. */
    record Result(TreeMap<Integer, List<Map<String, String>>> firing, String output) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern FAILURE = Pattern.compile("^\\s*alertname: (\\S+), time: (\\S+?),\\s*$");
    private static final Pattern LABELS = Pattern.compile("^\\s*Labels:\\{(.*)}\\s*$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|[ywdhms])");

    /**
     * @param series    samples one a minute from simulated minute {@code start}, which is promtool's time 0
     *                  (the history before it is already summed into the views' values)
     * @param firstJudged, lastJudged simulated minutes; the result is keyed by simulated minute too
     */
    static Result run(Path promtool, Path rules, Path dir, String name, Collection<ExportedGauges.Series> series, int start,
                      List<String> alertnames, int firstJudged, int lastJudged) throws IOException, InterruptedException {
        ObjectNode doc = YAML.createObjectNode();
        doc.putArray("rule_files").add(rules.toAbsolutePath().toString());
        doc.put("evaluation_interval", "1m");
        ObjectNode test = doc.putArray("tests").addObject();
        test.put("interval", "1m");
        ArrayNode input = test.putArray("input_series");
        for (ExportedGauges.Series s : series) input.addObject().put("series", s.selector()).put("values", s.values());
        ArrayNode checks = test.putArray("alert_rule_test");
        for (int minute = firstJudged; minute <= lastJudged; minute++) {
            for (String alert : alertnames) {
                ObjectNode check = checks.addObject().put("eval_time", (minute - start) + "m").put("alertname", alert);
                check.putArray("exp_alerts");
            }
        }
        Path file = dir.resolve(name + ".test.yml");
        YAML.writeValue(file.toFile(), doc);

        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("promtool test rules " + file + " did not finish in 5 minutes");
        }
        TreeMap<Integer, List<Map<String, String>>> firing = parse(output, start);
        if (process.exitValue() != 0 && firing.isEmpty()) {
            throw new IOException("promtool test rules " + file + " failed without reporting alerts:\n" + output);
        }
        if (process.exitValue() == 0 && !firing.isEmpty()) throw new IllegalStateException("promtool passed but reported alerts:\n" + output);
        return new Result(firing, output);
    }

    /** The "got" alerts of promtool's failure report, by simulated minute ({@code start} + eval time). */
    static TreeMap<Integer, List<Map<String, String>>> parse(String output, int start) {
        TreeMap<Integer, List<Map<String, String>>> firing = new TreeMap<>();
        List<Map<String, String>> current = null;
        for (String line : output.split("\n")) {
            Matcher failure = FAILURE.matcher(line);
            if (failure.matches()) {
                current = firing.computeIfAbsent(start + minutes(failure.group(2)), m -> new ArrayList<>());
                continue;
            }
            Matcher labels = LABELS.matcher(line);
            if (labels.matches()) {
                if (current == null) throw new IllegalStateException("labels before any failure in promtool's output:\n" + output);
                Map<String, String> set = new TreeMap<>();
                Matcher label = LABEL.matcher(labels.group(1));
                while (label.find()) set.put(label.group(1), label.group(2));
                current.add(set);
            }
        }
        return firing;
    }

    /** A Prometheus duration as promtool prints it ({@code 1d1h}, {@code 25m}) in whole minutes. */
    static int minutes(String duration) {
        Matcher m = DURATION_PART.matcher(duration);
        long millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("not a duration: " + duration);
            end = m.end();
            long n = Long.parseLong(m.group(1));
            millis += n * switch (m.group(2)) {
                case "y" -> 365L * 86_400_000;
                case "w" -> 7L * 86_400_000;
                case "d" -> 86_400_000L;
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1_000L;
                default -> 1L;
            };
        }
        if (end != duration.length() || end == 0 || millis % 60_000 != 0) throw new IllegalArgumentException("not whole minutes: " + duration);
        return (int) (millis / 60_000);
    }
}
