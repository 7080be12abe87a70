package io.confmon.cli;

import io.confmon.bench.EvaluateBench;
import io.confmon.broker.EmbeddedBroker;
import io.confmon.tf.ScoreBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confmon bench}: the benchmarks whose results the README reports, each against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (results go in the README).",
        subcommands = {BenchCommand.Evaluate.class, MonitorBenchCommand.class, ModelBenchCommand.class, BenchCommand.Score.class})
public final class BenchCommand {
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "confmon evaluate vs Python json + sklearn vs a plain line read, on one generated file.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "10000000", description = "Rows in the file (default ${DEFAULT-VALUE}).")
        long rows;

        @Option(names = "--file", description = "The file to use (generated when missing; default a temp file).")
        Path file;

        @Option(names = "--runs", defaultValue = "3", description = "Runs of each JVM contender; the best counts (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--no-python", description = "Skip the Python baseline.")
        boolean noPython;

        @Override
        public Integer call() throws Exception {
            Path f = file != null ? file : Path.of(System.getProperty("java.io.tmpdir"), "confmon-bench-" + rows + ".jsonl");
            if (!Files.exists(f)) {
                System.err.printf("generating %,d rows into %s%n", rows, f);
                EvaluateBench.generate(f, rows, 1);
            }
            System.err.printf("file: %s (%,d MB)%n", f, Files.size(f) >> 20);
            List<EvaluateBench.Result> results = EvaluateBench.run(f, runs, !noPython);
            double floor = results.get(0).seconds();
            double confmon = results.get(1).seconds();
            System.out.printf(Locale.ROOT, "%n%-42s %9s %12s %14s %10s%n", "contender", "seconds", "rows/s", "x line read", "total");
            for (EvaluateBench.Result r : results) {
                System.out.printf(Locale.ROOT, "%-42s %9.2f %,12.0f %14.2f %,10.0f%n", r.name(), r.seconds(), rows / r.seconds(),
                        r.seconds() / floor, r.total());
            }
            if (results.size() > 3) {
                System.out.printf(Locale.ROOT, "%nconfmon is %.1fx faster than Python + sklearn, and takes %.2fx the time of a plain line read%n",
                        results.get(3).seconds() / confmon, confmon / floor);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = {"confmon score records/s vs a bare read_committed KafkaConsumer on the same features topic, in one run:",
                "N feature events (JSON, a dense softmax SavedModel built with TensorFlow Java) on one partition of a broker",
                "embedded in this JVM (or --bootstrap-servers); each rate from the contender's first records to its last."})
    static final class Score implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "100000", description = "Feature events (default ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--features", defaultValue = "16", description = "Features per event (default ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--classes", defaultValue = "10", description = "Classes (default ${DEFAULT-VALUE}).")
        int classes;

        @Option(names = "--max-batches", split = ",", defaultValue = "100,500",
                description = "score --max-batch values to run (default ${DEFAULT-VALUE}).")
        int[] maxBatches;

        @Option(names = "--rounds", defaultValue = "2", description = "Rounds of every contender; the best counts (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = {"-b", "--bootstrap-servers"}, description = "An existing broker instead of an embedded one (topics bench-score-*).")
        String bootstrapServers;

        @Override
        public Integer call() throws Exception {
            if (records < 1000 || features < 1 || classes < 2 || rounds < 1) {
                throw new UsageError("--records must be at least 1000, --features at least 1, --classes at least 2, --rounds at least 1");
            }
            EmbeddedBroker broker = bootstrapServers == null ? EmbeddedBroker.start(0, null) : null;
            try {
                List<ScoreBench.Result> results = ScoreBench.run(broker != null ? broker.bootstrapServers() : bootstrapServers,
                        records, features, classes, maxBatches, rounds);
                java.util.Map<String, ScoreBench.Result> best = new java.util.LinkedHashMap<>();
                for (ScoreBench.Result r : results) best.merge(r.contender(), r, (a, b) -> a.perSecond() >= b.perSecond() ? a : b);
                double floor = best.values().iterator().next().perSecond();
                System.out.printf(Locale.ROOT, "%n%,d feature events x %d float features, dense softmax over %d classes, one partition; best of %d%n",
                        records, features, classes, rounds);
                System.out.printf(Locale.ROOT, "%-40s %10s %9s %12s %12s%n", "contender", "records", "seconds", "records/s", "x bare");
                for (ScoreBench.Result r : best.values()) {
                    System.out.printf(Locale.ROOT, "%-40s %,10d %9.2f %,12.0f %12.2f%n", r.contender(), r.records(), r.seconds(), r.perSecond(),
                            floor / r.perSecond());
                }
                return ExitCodes.OK;
            } finally {
                if (broker != null) broker.close();
            }
        }
    }
}
