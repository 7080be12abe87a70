package io.confmon.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A classifier over K made-up classes ({@code class-000}, ...) for benchmarks with many classes:
 * uniform prior, 90% right, and a mistake usually lands on a neighbouring class, so the matrix has
 * a visible band off the diagonal instead of uniform noise.
 */
final class SyntheticClassifier {
    private static final double ACCURACY = 0.9;
    private static final double NEXT = 0.6;
    private static final double PREVIOUS = 0.3;

    private final int k;
    private final List<String> names;

    SyntheticClassifier(int k) {
        this.k = k;
        List<String> n = new ArrayList<>(k);
        for (int i = 0; i < k; i++) n.add(String.format("class-%03d", i));
        this.names = Collections.unmodifiableList(n);
    }

    List<String> classes() {
        return names;
    }

    int drawActual(RandomGenerator rng) {
        return rng.nextInt(k);
    }

    int predict(int actual, RandomGenerator rng) {
        if (rng.nextDouble() < ACCURACY) return actual;
        double u = rng.nextDouble();
        if (u < NEXT) return (actual + 1) % k;
        if (u < NEXT + PREVIOUS || k == 2) return (actual + k - 1) % k;
        // Any class but the actual one.
        return (actual + 1 + rng.nextInt(k - 1)) % k;
    }
}
