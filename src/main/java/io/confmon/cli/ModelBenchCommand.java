package io.confmon.cli;

import io.confmon.tf.ModelBench;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confmon bench model}: evaluate --model against TensorFlow's own session run on the same batches. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "evaluate --model rows/s vs TensorFlow's own session run (the floor), at batch sizes 1, 64, 1024.")
final class ModelBenchCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "100000", description = "Rows of X.npy (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--features", defaultValue = "64", description = "Features per row (default ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--classes", defaultValue = "10", description = "Classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,64,1024", description = "Default ${DEFAULT-VALUE}.")
    int[] batchSizes;

    @Option(names = "--runs", defaultValue = "2", description = "Runs of each contender; the best counts (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        List<ModelBench.Result> results = ModelBench.run(rows, features, classes, batchSizes, runs);
        System.out.printf(Locale.ROOT, "%n%,d rows x %d float32 features, dense softmax over %d classes; best of %d%n", rows, features, classes, runs);
        System.out.printf(Locale.ROOT, "%-7s %-44s %9s %12s %9s%n", "batch", "contender", "seconds", "rows/s", "x floor");
        for (ModelBench.Result r : results) {
            System.out.printf(Locale.ROOT, "%-7d %-44s %9.2f %,12.0f %9.2f%n", r.batchSize(), "TensorFlow session run (floor)",
                    r.floorSeconds(), rows / r.floorSeconds(), 1.0);
            System.out.printf(Locale.ROOT, "%-7d %-44s %9.2f %,12.0f %9.2f%n", r.batchSize(), "confmon evaluate --model (" + r.counted() + " rows)",
                    r.confmonSeconds(), rows / r.confmonSeconds(), r.confmonSeconds() / r.floorSeconds());
        }
        return ExitCodes.OK;
    }
}
