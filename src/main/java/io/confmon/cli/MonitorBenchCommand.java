package io.confmon.cli;

import io.confmon.bench.LatencyBench;
import io.confmon.bench.MonitorBench;
import io.confmon.bench.MonitorBenchComparison;
import io.confmon.bench.RecoveryBench;
import io.confmon.bench.StateGrowthBench;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confmon bench monitor}: the live monitor side by side with kcat, a bare consumer, the textbook DSL join and a bare Processor-API join. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The live monitor's throughput side by side with what bounds it, in one run: kcat (if installed), a bare",
            "KafkaConsumer, the textbook DSL join, a bare Processor-API join and confmon, each in its own JVM against a",
            "`confmon broker` in its own, on the same topics, exactly_once_v2, from the earliest offsets (part 'comparison');",
            "each join first runs on warm-up topics of the same size (3 times by default), and the table gives the measured",
            "run by the clock, by CPU and by stream-thread CPU, and the first warm-up pass (a fresh JVM) by the clock.",
            "Part 'in_jvm': on a broker embedded in this JVM, confmon exactly-once and at-least-once against a bare consumer,",
            "latency from a label's ack to the API, state bytes per pending prediction, and a JFR profile.",
            "Part 'latency': a label's ack to the API on `confmon run` bound to a CPU of its own (taskset), idle and at half",
            "its maximum rate, the broker and the load on the other CPUs.",
            "Part 'recovery': seconds for a SIGKILLed `confmon run` to serve again with N pending predictions, with and without a standby.",
            "Part 'growth': `confmon run`'s records/s in each tenth of reading N predictions without labels, as its state grows to N."})
public final class MonitorBenchCommand implements Callable<Integer> {
    enum Part { comparison, in_jvm, latency, recovery, growth }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--parts", split = ",", defaultValue = "comparison", paramLabel = "PART[,PART...]",
            description = "What to run, in order: comparison, in_jvm, latency, recovery, growth (default ${DEFAULT-VALUE}).")
    List<Part> parts;

    @Option(names = "--records", defaultValue = "400000", paramLabel = "N",
            description = "Input records, half predictions and half labels (default ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--classes", split = ",", defaultValue = "10", paramLabel = "K[,K...]",
            description = "Class counts to run (default ${DEFAULT-VALUE}); 10 uses the Fashion-MNIST class names.")
    List<Integer> classes;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "comparison: runs of each join contender, interleaved; the table shows the median (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--no-kcat", description = "comparison: leave kcat out even when it is installed.")
    boolean noKcat;

    @Option(names = "--warmup-passes", defaultValue = "3", paramLabel = "N",
            description = "comparison: how many times each join's JVM first runs on warm-up topics of the same size, before the "
                    + "measured run (default ${DEFAULT-VALUE}; more than 1 needs a --baseline-jar built with this option). "
                    + "latency: catch-ups before the last, at most 8; the best of all is the maximum rate.")
    int warmUpPasses;

    @Option(names = "--no-warmup", description = "comparison: time each join from a fresh JVM only, without warm-up passes "
            + "(needed for a --baseline-jar built before the warm-up). latency: one catch-up, in a fresh JVM.")
    boolean noWarmup;

    @Option(names = "--baseline-jar", paramLabel = "JAR",
            description = "comparison: also run confmon from this jar (another build of it), in every round: a change's gain "
                    + "measured against the build before it in the same run.")
    java.nio.file.Path baselineJar;

    @Option(names = "--joins", split = ",", defaultValue = "bare,bare_batched,dsl,confmon,by_id", paramLabel = "JOIN[,JOIN...]",
            description = "comparison: the join contenders to run, of bare, bare_batched (the bare join with confmon's producer "
                    + "batches), dsl, confmon, by_id (default all; e.g. "
                    + "--joins confmon with --baseline-jar for a quicker comparison of two builds).")
    List<MonitorBenchComparison.Join> joins;

    @Option(names = "--latency-samples", defaultValue = "200", paramLabel = "N",
            description = "in_jvm, latency: prediction + label pairs timed one at a time (default ${DEFAULT-VALUE}).")
    int latencySamples;

    @Option(names = "--pending", defaultValue = "100000", paramLabel = "M",
            description = "in_jvm: predictions without a label for the state measurement (default ${DEFAULT-VALUE}).")
    int pending;

    @Option(names = "--label-partitions", defaultValue = "2", paramLabel = "N",
            description = "in_jvm, latency: partitions of the labels topic, the predictions having 3 (default ${DEFAULT-VALUE}: most labels go "
                    + "through the by-id topic; 3: every label is joined where it is read).")
    int labelPartitions;

    @Option(names = "--load-rate", paramLabel = "R",
            description = "in_jvm, latency: time pairs under R input records/s of other pairs (default: half the exactly-once rate of the "
                    + "same run; a fixed rate compares two builds or settings at the same load).")
    Double loadRate;

    @Option(names = "--latency-trace", paramLabel = "DIR",
            description = "latency: write every timed pair (its label's ack, UTC ms, and its latency) and the monitor's CPU by thread "
                    + "each second to CSV files in DIR, with the monitor's log, to line the slow pairs up with what ran beside them.")
    java.nio.file.Path latencyTrace;

    @Option(names = "--no-profile", description = "in_jvm: do not record the exactly-once run with Java Flight Recorder.")
    boolean noProfile;

    @Option(names = "--recovery-pending", split = ",", defaultValue = "1000000", paramLabel = "N[,N...]",
            description = "recovery: predictions waiting for labels in state when an instance is SIGKILLed (default ${DEFAULT-VALUE}).")
    List<Long> recoveryPending;

    @Option(names = "--growth-pending", defaultValue = "10000000", paramLabel = "N",
            description = "growth: predictions without labels the state grows to (default ${DEFAULT-VALUE}).")
    long growthPending;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A monitor setting for every confmon run, as for confmon run (e.g. --set streams.commit.interval.ms=500). Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (records < 2) throw new CommandLine.ParameterException(spec.commandLine(), "--records must be at least 2, got " + records);
        if (classes.isEmpty() || classes.stream().anyMatch(k -> k < 2 || k > 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classes takes class counts from 2 to 1000, got " + classes);
        }
        if (growthPending < 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--growth-pending must be at least 100, got " + growthPending);
        }
        if (recoveryPending.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--recovery-pending takes counts of at least 1, got " + recoveryPending);
        }
        if (baselineJar != null && !java.nio.file.Files.isRegularFile(baselineJar)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline-jar: no such file: " + baselineJar);
        }
        if (warmUpPasses < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup-passes must be at least 1 (--no-warmup for none), got "
                    + warmUpPasses);
        }
        if (parts.contains(Part.latency) && !noWarmup && warmUpPasses + 1 > LatencyBench.MAX_PASSES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup-passes: part latency runs at most "
                    + (LatencyBench.MAX_PASSES - 1) + " catch-ups before the last, got " + warmUpPasses);
        }
        if (loadRate != null && !(loadRate >= 2)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--load-rate must be at least 2 records/s (one pair), got " + loadRate);
        }
        if (latencySamples < 1 || pending < 1 || rounds < 1 || labelPartitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--latency-samples, --pending, --rounds and --label-partitions must be at least 1");
        }
        // The broker and contenders are child JVMs: a Ctrl-C or SIGTERM of the benchmark must not leave them running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "bench-children-stop"));
        for (Part part : parts) {
            switch (part) {
                case comparison -> {
                    for (int k : classes) {
                        MonitorBenchComparison.run(new MonitorBenchComparison.Settings(records, k, rounds, !noKcat, settings,
                                java.util.Optional.ofNullable(baselineJar), java.util.EnumSet.copyOf(joins), noWarmup ? 0 : warmUpPasses), System.out);
                    }
                }
                case in_jvm -> MonitorBench.run(new MonitorBench.Settings(records, classes, latencySamples, pending, !noProfile, settings,
                        labelPartitions, loadRate == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(loadRate)),
                        System.out);
                case latency -> LatencyBench.run(new LatencyBench.Settings(records, classes, latencySamples, labelPartitions, noWarmup ? 1 : warmUpPasses + 1,
                        loadRate == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(loadRate), settings,
                        java.util.Optional.ofNullable(latencyTrace)), System.out);
                case recovery -> RecoveryBench.run(new RecoveryBench.Settings(recoveryPending, settings), System.out);
                case growth -> StateGrowthBench.run(growthPending, settings, System.out);
            }
        }
        return ExitCodes.OK;
    }
}
