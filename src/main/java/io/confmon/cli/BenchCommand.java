package io.confmon.cli;

import io.confmon.bench.EvaluateBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confmon bench}: the benchmarks whose results the README reports, each against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (results go in the README).",
        subcommands = {BenchCommand.Evaluate.class, MonitorBenchCommand.class, ModelBenchCommand.class})
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
}
