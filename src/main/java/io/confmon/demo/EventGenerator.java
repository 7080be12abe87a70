package io.confmon.demo;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Makes N prediction + label pairs as fast as a producer can take them, with no Kafka, clock or
 * threads: for benchmarks and crash tests. The same settings and N give the same records, byte for
 * byte. Every pair joins (one prediction, one label, weight 1, label within 5 min), so the expected
 * matrix is in the {@link GeneratedSummary}.
 *
 * <p>Prediction times rise evenly over the span; within each block of {@code shuffleWindow} pairs
 * the records are shuffled, with a set share of labels placed before their prediction and the rest
 * anywhere after it in the block, so joins see both orders.
 */
public final class EventGenerator {
    private static final int ID_DIGITS = 12;
    /** Sort keys: a position in fixed point with this many fraction bits, then the slot number below it. */
    private static final int FRACTION_BITS = 16;
    private static final int SLOT_BITS = 22;

    private final GeneratorSettings settings;
    private final List<String> classes;
    private final String[] quotedClasses;
    private final String modelField;

    public EventGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.classes = settings.classes() == FashionClassifier.CLASSES.size()
                ? FashionClassifier.CLASSES : new SyntheticClassifier(settings.classes()).classes();
        this.quotedClasses = classes.stream().map(EventGenerator::quoted).toArray(String[]::new);
        this.modelField = ",\"model\":" + quoted(settings.model());
    }

    public List<String> classes() {
        return classes;
    }

    /** Generates {@code n} pairs into {@code sink} in the order to send them. */
    public GeneratedSummary generate(long n, Consumer<GeneratedRecord> sink) {
        SplittableRandom rng = new SplittableRandom(settings.seed());
        Pairs pairs = pairSource();
        int k = classes.size();
        long[][] counts = new long[k][k];
        long labelsFirst = 0;
        int window = settings.shuffleWindow();
        GeneratedRecord[] slots = new GeneratedRecord[2 * window];
        long[] order = new long[2 * window];
        for (long blockStart = 0; blockStart < n; blockStart += window) {
            int size = (int) Math.min(window, n - blockStart);
            for (int j = 0; j < size; j++) {
                long i = blockStart + j;
                int actual = pairs.actual(rng);
                int predicted = pairs.predicted(actual, rng);
                counts[actual][predicted]++;
                long predictionTs = settings.startMs() + (n == 0 ? 0 : (long) ((double) i * settings.span().toMillis() / n));
                long labelTs = predictionTs + settings.labelDelay().drawMillis(rng);
                boolean first = rng.nextDouble() < settings.labelsFirst();
                if (first) labelsFirst++;
                String id = id(i);
                slots[2 * j] = prediction(id, predictionTs, predicted);
                slots[2 * j + 1] = label(id, labelTs, actual);
                // Positions: the prediction at j + 1; its label anywhere in the block before it, or after it.
                double u = rng.nextDouble();
                double labelAt = first ? 0.5 + u * (j + 0.25) : j + 1.25 + u * (size - j - 0.75);
                order[2 * j] = sortKey(j + 1, 2 * j);
                order[2 * j + 1] = sortKey(labelAt, 2 * j + 1);
            }
            Arrays.sort(order, 0, 2 * size);
            for (int s = 0; s < 2 * size; s++) sink.accept(slots[(int) (order[s] & ((1L << SLOT_BITS) - 1))]);
        }
        return new GeneratedSummary(settings.model(), classes, n, labelsFirst, counts);
    }

    /** All of a small run in a list (tests, or a benchmark that sends the same records many times). */
    public List<GeneratedRecord> records(int n) {
        List<GeneratedRecord> out = new ArrayList<>(2 * n);
        generate(n, out::add);
        return out;
    }

    private GeneratedRecord prediction(String id, long ts, int predicted) {
        // Hand-formatted (Jackson would be 5x slower here); EventGeneratorTest checks it equals EventJson's output.
        String json = "{\"id\":\"" + id + '"' + modelField + ",\"ts\":" + ts + ",\"predicted\":" + quotedClasses[predicted] + '}';
        DemoEvent event = PredictionEvent.named(id, settings.model(), ts, classes.get(predicted));
        return new GeneratedRecord(GeneratedRecord.Kind.PREDICTION, id.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), ts, event);
    }

    private GeneratedRecord label(String id, long ts, int actual) {
        String json = "{\"id\":\"" + id + '"' + modelField + ",\"ts\":" + ts + ",\"actual\":" + quotedClasses[actual] + '}';
        DemoEvent event = LabelEvent.named(id, settings.model(), ts, classes.get(actual));
        return new GeneratedRecord(GeneratedRecord.Kind.LABEL, id.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), ts, event);
    }

    /** {@code req-000000012345}: 16 bytes, like a real request id. */
    private static String id(long i) {
        String digits = Long.toString(i);
        return "req-" + "0".repeat(Math.max(0, ID_DIGITS - digits.length())) + digits;
    }

    private static long sortKey(double position, int slot) {
        return ((long) (position * (1 << FRACTION_BITS)) << SLOT_BITS) | slot;
    }

    private static String quoted(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    private Pairs pairSource() {
        if (settings.classes() == FashionClassifier.CLASSES.size()) {
            FashionClassifier fashion = FashionClassifier.standard();
            Instant anyTime = Instant.ofEpochMilli(settings.startMs()); // no drift: the time does not matter
            return new Pairs() {
                public int actual(SplittableRandom r) { return fashion.drawActual(r); }
                public int predicted(int actual, SplittableRandom r) { return fashion.predict(actual, anyTime, r); }
            };
        }
        SyntheticClassifier synthetic = new SyntheticClassifier(settings.classes());
        return new Pairs() {
            public int actual(SplittableRandom r) { return synthetic.drawActual(r); }
            public int predicted(int actual, SplittableRandom r) { return synthetic.predict(actual, r); }
        };
    }

    /** Where the (actual, predicted) pairs come from. */
    private interface Pairs {
        int actual(SplittableRandom rng);

        int predicted(int actual, SplittableRandom rng);
    }
}
