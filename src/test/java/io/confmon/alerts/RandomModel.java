package io.confmon.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stable classifier drawn at random: per actual class an accuracy uniform in [0.5, 0.95] and
 * the errors spread over the other classes by a flat Dirichlet draw, so some pairs are rare and
 * some take a third of their row. {@code rowsPerClass} rows of each class a minute, exactly or
 * Poisson.
 */
record RandomModel(List<String> classes, double[][] matrix, int rowsPerClass, boolean poisson) implements SimulatedTraffic.Model {
    static RandomModel draw(int k, int rowsPerClass, boolean poisson, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] matrix = new double[k][k];
        for (int a = 0; a < k; a++) {
            double accuracy = 0.5 + 0.45 * random.nextDouble();
            double[] gamma = new double[k];
            double sum = 0;
            for (int p = 0; p < k; p++) {
                if (p == a) continue;
                gamma[p] = -Math.log(1 - random.nextDouble()); // Gamma(1): a flat Dirichlet once normalized
                sum += gamma[p];
            }
            for (int p = 0; p < k; p++) matrix[a][p] = p == a ? accuracy : (1 - accuracy) * gamma[p] / sum;
        }
        return new RandomModel(names(k), matrix, rowsPerClass, poisson);
    }

    static List<String> names(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) names.add("c" + i);
        return names;
    }

    /** The row with {@code by} more of its share going from the diagonal to {@code to}. */
    static double[] moveShare(double[] row, int actual, int to, double by) {
        double[] moved = row.clone();
        if (moved[actual] < by) throw new IllegalArgumentException("the diagonal " + moved[actual] + " cannot give " + by);
        moved[actual] -= by;
        moved[to] += by;
        return moved;
    }

    @Override
    public int rows(int minute, int actual, SplittableRandom random) {
        return poisson ? SimulatedTraffic.poisson(rowsPerClass, random) : rowsPerClass;
    }

    @Override
    public double[] shares(int minute, int actual) {
        return matrix[actual];
    }
}
