package io.confmon.demo;

import java.time.Duration;

/**
 * What the {@link EventGenerator} makes.
 *
 * @param classes       K: 10 uses the Fashion-MNIST names and matrix, any other K names {@code class-000}...
 * @param startMs       the first prediction's ts; the default is fixed so runs are byte-identical
 * @param span          prediction times are spread evenly over it
 * @param labelDelay    label ts = prediction ts + a delay drawn from it
 * @param labelsFirst   the share of labels sent before their prediction
 * @param shuffleWindow records are shuffled within blocks of this many pairs (at most 2^20)
 */
public record GeneratorSettings(long seed, int classes, String model, long startMs, Duration span, LabelDelay labelDelay,
                                double labelsFirst, int shuffleWindow) {
    public static final long DEFAULT_START_MS = 1_763_800_000_000L;
    public static final int MAX_SHUFFLE_WINDOW = 1 << 20;

    public GeneratorSettings {
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        if (!(labelsFirst >= 0 && labelsFirst <= 1)) throw new IllegalArgumentException("labelsFirst is a share in [0, 1], got " + labelsFirst);
        if (shuffleWindow < 1 || shuffleWindow > MAX_SHUFFLE_WINDOW) {
            throw new IllegalArgumentException("shuffleWindow must be 1.." + MAX_SHUFFLE_WINDOW + ", got " + shuffleWindow);
        }
        if (span.isNegative()) throw new IllegalArgumentException("span must not be negative, got " + span);
    }

    /** Model {@code bench}, an hour of predictions, labels 20 s late (median, at most 5 min), 10% of labels first. */
    public static GeneratorSettings of(long seed, int classes) {
        return new GeneratorSettings(seed, classes, "bench", DEFAULT_START_MS, Duration.ofHours(1), LabelDelay.demo(), 0.1, 1024);
    }

    public GeneratorSettings withModel(String model) {
        return new GeneratorSettings(seed, classes, model, startMs, span, labelDelay, labelsFirst, shuffleWindow);
    }

    public GeneratorSettings withTimes(long startMs, Duration span) {
        return new GeneratorSettings(seed, classes, model, startMs, span, labelDelay, labelsFirst, shuffleWindow);
    }

    public GeneratorSettings withLabelDelay(LabelDelay labelDelay) {
        return new GeneratorSettings(seed, classes, model, startMs, span, labelDelay, labelsFirst, shuffleWindow);
    }

    public GeneratorSettings withLabelsFirst(double share) {
        return new GeneratorSettings(seed, classes, model, startMs, span, labelDelay, share, shuffleWindow);
    }

    public GeneratorSettings withShuffleWindow(int pairs) {
        return new GeneratorSettings(seed, classes, model, startMs, span, labelDelay, labelsFirst, pairs);
    }
}
