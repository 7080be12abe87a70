package io.confmon.cli;

import io.confmon.bench.MonitorBench;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confmon bench monitor}: the live monitor against a bare consumer, on a broker embedded in this JVM. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The live monitor on a Kafka broker embedded in this JVM: records/s under exactly_once_v2 and",
            "at_least_once against a bare KafkaConsumer of the same topics, latency from a label's ack to the API,",
            "state bytes per pending prediction, and a JFR profile of the exactly-once run. Takes a few minutes."})
public final class MonitorBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N",
            description = "Input records per run, half predictions and half labels (default ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--classes", split = ",", defaultValue = "10,100", paramLabel = "K[,K...]",
            description = "Class counts to run (default ${DEFAULT-VALUE}); 10 uses the Fashion-MNIST class names.")
    List<Integer> classes;

    @Option(names = "--latency-samples", defaultValue = "200", paramLabel = "N",
            description = "Prediction + label pairs timed one at a time (default ${DEFAULT-VALUE}).")
    int latencySamples;

    @Option(names = "--pending", defaultValue = "100000", paramLabel = "M",
            description = "Predictions without a label for the state measurement (default ${DEFAULT-VALUE}).")
    int pending;

    @Option(names = "--no-profile", description = "Do not record the exactly-once run with Java Flight Recorder.")
    boolean noProfile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A monitor setting for every run, as for confmon run (e.g. --set streams.commit.interval.ms=500). Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (records < 2) throw new CommandLine.ParameterException(spec.commandLine(), "--records must be at least 2, got " + records);
        if (classes.isEmpty() || classes.stream().anyMatch(k -> k < 2 || k > 200)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classes takes class counts from 2 to 200, got " + classes);
        }
        if (latencySamples < 1 || pending < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--latency-samples and --pending must be at least 1");
        }
        MonitorBench.run(new MonitorBench.Settings(records, classes, latencySamples, pending, !noProfile, settings), System.out);
        return ExitCodes.OK;
    }
}
