package io.confmon.bench;

import io.confmon.demo.GeneratorSettings;
import io.confmon.json.Json;
import io.confmon.topology.ConfmonTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code confmon bench monitor}: confmon's live path side by side with what bounds it, in one run
 * against one broker in a process of its own. The same topics (predictions and labels keyed by id,
 * the same partition count) are read from the earliest offsets by kcat, a bare KafkaConsumer, the
 * textbook DSL join, a bare Processor-API join and confmon, each contender in a fresh JVM, timed
 * from the moment it is ready. Every join's own count must equal the generator's, cell for cell.
 */
public final class MonitorBenchComparison {
    static final int PARTITIONS = 4;
    private static final String PREFIX = "cmp-";
    /** The warm-up topics: the same generator and size as the measured ones, read by a join before it is timed. */
    static final String WARMUP_PREFIX = "cmp-warm-";
    private static final long CHILD_TIMEOUT_MINUTES = 15;
    /** The longest wait for quiet CPUs before a contender starts (the broker's clean-up of the one before). */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(60);

    /**
     * @param records         input records (half predictions, half labels)
     * @param classes         K of the generated classifier
     * @param rounds          runs of each join contender, interleaved; the median counts
     * @param kcat            whether to run kcat when it is installed
     * @param monitorSettings configuration keys for confmon, over its defaults
     * @param baselineJar     another build of confmon to run as a contender of its own, with the same settings
     * @param joins           which of the join contenders run (the baseline runs whenever it is given)
     * @param warmUpPasses    how many times each join's JVM first runs on warm-up topics as large as the measured ones (0: none)
     */
    public record Settings(long records, int classes, int rounds, boolean kcat, Map<String, String> monitorSettings,
                           Optional<Path> baselineJar, java.util.Set<Join> joins, int warmUpPasses) {
        public Settings {
            if (warmUpPasses < 0) throw new IllegalArgumentException("warm-up passes must be >= 0, got " + warmUpPasses);
        }

        boolean warmUp() {
            return warmUpPasses > 0;
        }
    }

    /** The join contenders, as {@code --joins} names them. */
    public enum Join {
        bare, dsl, confmon, by_id,
        /** The bare join with confmon's producer batches ({@link ConfmonTopology#producerBatching()}): how much of a gain is the setting's alone. */
        bare_batched
    }

    /** One contender's runs, with the 1-minute load average before and after each. */
    record Row(String contender, List<ContenderResult> runs, List<double[]> load, boolean join) {}

    private MonitorBenchComparison() {}

    public static void run(Settings s, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("confmon-bench-monitor");
        String uptimeBefore = ComparisonReport.uptime();
        MonitorBench.progress("load: %s", uptimeBefore);
        List<Row> rows = new ArrayList<>();
        long pairs = s.records() / 2;
        String bootstrap;
        long brokerPid;
        MonitorBenchLoad.Produced produced;
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker-data"), work.resolve("broker.log"))) {
            bootstrap = broker.bootstrap();
            brokerPid = broker.pid();
            MonitorBench.progress("confmon broker ready on %s (pid %d, log %s)", bootstrap, brokerPid, work.resolve("broker.log"));
            String predictions = PREFIX + "predictions";
            String labels = PREFIX + "labels";
            MonitorBenchLoad.createTopics(bootstrap, Map.of(predictions, PARTITIONS, labels, PARTITIONS));
            GeneratorSettings generator = GeneratorSettings.of(s.classes(), s.classes()).withModel(MonitorBench.MODEL)
                    .withTimes(MonitorBenchLoad.recentStart(Duration.ofHours(1)), Duration.ofHours(1));
            produced = MonitorBenchLoad.produceCounted(bootstrap, generator, pairs, predictions, labels, false, "input");
            MonitorBench.progress("produced %,d records in %.1f s", 2 * pairs, produced.seconds());
            Map<String, String> joinChild = new java.util.LinkedHashMap<>();
            if (s.warmUp()) {
                MonitorBenchLoad.createTopics(bootstrap, Map.of(WARMUP_PREFIX + "predictions", PARTITIONS, WARMUP_PREFIX + "labels", PARTITIONS));
                double seconds = MonitorBenchLoad.produce(bootstrap, generator, pairs, WARMUP_PREFIX + "predictions", WARMUP_PREFIX + "labels",
                        false, "warm-up input");
                MonitorBench.progress("produced %,d warm-up records in %.1f s", 2 * pairs, seconds);
                joinChild.put(MonitorBenchChild.WARMUP_SETTING, WARMUP_PREFIX);
                // Only when more than one: a --baseline-jar from before the setting runs one pass, and refuses it by name.
                if (s.warmUpPasses() > 1) joinChild.put(MonitorBenchChild.WARMUP_PASSES_SETTING, Integer.toString(s.warmUpPasses()));
            }
            Map<String, String> confmonChild = with(joinChild, s.monitorSettings());
            CellCounts expected = CellCounts.expected(produced.summary());

            if (s.kcat() && Kcat.installed()) {
                double[] load = {ComparisonReport.load1(), 0};
                ContenderResult r = Kcat.read(bootstrap, List.of(predictions, labels), 2 * pairs);
                load[1] = ComparisonReport.load1();
                MonitorBench.progress("kcat: %,d records in %.2f s", r.records(), r.seconds());
                rows.add(new Row(ComparisonReport.KCAT, List.of(r), List.of(load), false));
            } else {
                MonitorBench.progress("kcat: %s", s.kcat() ? "not installed at " + Kcat.BINARY + ", skipped" : "skipped (--no-kcat)");
            }
            List<String> topics = List.of(bootstrap, predictions, labels, Long.toString(pairs));
            rows.add(new Row(ComparisonReport.CONSUMER, new ArrayList<>(), new ArrayList<>(), false));
            runChild(rows.get(rows.size() - 1), MonitorBenchChild.Contender.CONSUMER, topics, work, Map.of(), ChildJvm.OWN_CLASS_PATH);
            Row bare = new Row(ComparisonReport.BARE_JOIN, new ArrayList<>(), new ArrayList<>(), true);
            Row dsl = new Row(ComparisonReport.DSL, new ArrayList<>(), new ArrayList<>(), true);
            // A new application joins directly (join.direct=auto), and the inputs are keyed by id with the
            // default partitioner, so every event skips by-id; join.direct=false sends every one through it.
            Row bareBatched = new Row(ComparisonReport.BARE_JOIN_BATCHED, new ArrayList<>(), new ArrayList<>(), true);
            Map<String, String> bareBatchedSettings = new java.util.LinkedHashMap<>(joinChild);
            ConfmonTopology.producerBatching().forEach((key, value) -> bareBatchedSettings.put(MonitorBenchChild.STREAMS_PREFIX + key, value));
            Row confmon = new Row(ComparisonReport.CONFMON, new ArrayList<>(), new ArrayList<>(), true);
            Row byId = new Row(ComparisonReport.CONFMON_BY_ID, new ArrayList<>(), new ArrayList<>(), true);
            Map<String, String> byIdSettings = new java.util.LinkedHashMap<>(confmonChild);
            byIdSettings.putIfAbsent("join.direct", "false");
            List<ContenderRun> contenders = new ArrayList<>();
            if (s.joins().contains(Join.dsl)) rows.add(dsl);
            if (s.joins().contains(Join.bare)) {
                rows.add(bare);
                contenders.add(() -> runChild(bare, MonitorBenchChild.Contender.BARE_JOIN, topics, work, joinChild, ChildJvm.OWN_CLASS_PATH));
            }
            if (s.joins().contains(Join.bare_batched)) {
                rows.add(bareBatched);
                contenders.add(() -> runChild(bareBatched, MonitorBenchChild.Contender.BARE_JOIN, topics, work, bareBatchedSettings,
                        ChildJvm.OWN_CLASS_PATH));
            }
            if (s.joins().contains(Join.dsl)) {
                contenders.add(() -> runChild(dsl, MonitorBenchChild.Contender.DSL, topics, work, joinChild, ChildJvm.OWN_CLASS_PATH));
            }
            if (s.joins().contains(Join.confmon)) {
                rows.add(confmon);
                contenders.add(() -> runChild(confmon, MonitorBenchChild.Contender.CONFMON, topics, work, confmonChild,
                        ChildJvm.OWN_CLASS_PATH));
            }
            if (s.joins().contains(Join.by_id)) {
                rows.add(byId);
                contenders.add(() -> runChild(byId, MonitorBenchChild.Contender.CONFMON, topics, work, byIdSettings, ChildJvm.OWN_CLASS_PATH));
            }
            if (s.baselineJar().isPresent()) {
                Path jar = s.baselineJar().get();
                Row baseline = new Row(ComparisonReport.CONFMON_BASELINE + jar.getFileName(), new ArrayList<>(), new ArrayList<>(), true);
                rows.add(baseline);
                contenders.add(() -> runChild(baseline, MonitorBenchChild.Contender.CONFMON, topics, work, confmonChild, jar.toString()));
            }
            for (int round = 0; round < s.rounds(); round++) {
                // Each round starts one contender later, so no contender always follows the same one.
                for (int i = 0; i < contenders.size(); i++) contenders.get((round + i) % contenders.size()).run();
            }
            List<String> wrong = new ArrayList<>();
            for (Row row : rows.stream().filter(Row::join).toList()) {
                for (ContenderResult r : row.runs()) {
                    Optional<String> mismatch = expected.mismatch(CellCounts.of(r.cells()));
                    mismatch.ifPresent(m -> wrong.add(row.contender() + ": " + m));
                }
            }
            String uptimeAfter = ComparisonReport.uptime();
            ComparisonReport.print(out, s, produced, rows, uptimeBefore, uptimeAfter);
            if (!wrong.isEmpty()) throw new IllegalStateException("a contender's counts differ from the generator's:\n" + String.join("\n", wrong));
        } finally {
            try {
                Utils.delete(work.toFile());
            } catch (IOException e) {
                MonitorBench.progress("could not delete %s: %s", work, e.getMessage());
            }
        }
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new java.util.LinkedHashMap<>(a);
        both.putAll(b);
        return both;
    }

    @FunctionalInterface
    private interface ContenderRun {
        void run() throws IOException, InterruptedException;
    }

    /** Runs one contender in a fresh JVM, once the machine is quiet, and adds its result to the row. */
    private static void runChild(Row row, MonitorBenchChild.Contender contender, List<String> topics, Path work, Map<String, String> settings,
                                 String classPath) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, contender.name().toLowerCase() + "-");
        List<String> args = new ArrayList<>();
        args.add(contender.name());
        args.addAll(topics);
        args.add(dir.toString());
        settings.forEach((k, v) -> args.add(k + "=" + v));
        Path stdout = dir.resolve("stdout.txt");
        double waited = QuietMachine.await(QUIET_WAIT);
        if (waited < 0) MonitorBench.progress("%s: CPUs still busy after %d s; starting anyway", row.contender(), QUIET_WAIT.toSeconds());
        double before = ComparisonReport.load1();
        MonitorBench.progress("%s: starting its JVM (CPUs quiet after %.0f s)", row.contender(), Math.max(0, waited));
        Process p = new ProcessBuilder(ChildJvm.command(MonitorBenchChild.class.getName(), args, classPath))
                .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(row.contender() + ": not finished within " + CHILD_TIMEOUT_MINUTES + " minutes");
        }
        double after = ComparisonReport.load1();
        String line = Files.readAllLines(stdout).stream().filter(l -> l.startsWith(ContenderResult.LINE_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException(row.contender() + ": its JVM exited with " + p.exitValue() + " and no result"));
        ContenderResult r = Json.MAPPER.readValue(line.substring(ContenderResult.LINE_PREFIX.length()), ContenderResult.class);
        row.runs().add(r);
        row.load().add(new double[] {before, after});
        MonitorBench.progress("%s: %,.0f records/s (%.2f s from ready, %.1f s startup)", row.contender(), r.perSecond(), r.seconds(),
                r.startupSeconds());
    }
}
