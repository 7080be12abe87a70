package io.confmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FashionClassifierTest {
    private static final Instant NOW = Instant.parse("2025-11-22T08:00:00Z");
    private static final int K = FashionClassifier.CLASSES.size();

    @Test
    void classesAreFashionMnistsInTheirUsualOrder() {
        assertThat(FashionClassifier.CLASSES).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }

    @Test
    void standardModelIsAboutNinetyPercentRightAndWorstOnShirts() {
        FashionClassifier c = FashionClassifier.standard();
        assertThat(accuracyAt(c, NOW)).isBetween(0.88, 0.92);
        double[][] m = c.confusionAt(NOW);
        for (int i = 0; i < K; i++) {
            if (i != FashionClassifier.SHIRT) assertThat(m[i][i]).isGreaterThan(m[FashionClassifier.SHIRT][FashionClassifier.SHIRT]);
        }
        int shirtTop = argmaxOffDiagonal(m[FashionClassifier.SHIRT], FashionClassifier.SHIRT);
        assertThat(FashionClassifier.CLASSES.get(shirtTop)).isEqualTo("T-shirt/top");
        assertThat(FashionClassifier.CLASSES.get(argmaxOffDiagonal(m[FashionClassifier.PULLOVER], FashionClassifier.PULLOVER))).isEqualTo("Coat");
        assertThat(FashionClassifier.CLASSES.get(argmaxOffDiagonal(m[FashionClassifier.COAT], FashionClassifier.COAT))).isEqualTo("Pullover");
    }

    @Test
    void sampledConfusionMatchesTheConfiguredProbabilities() {
        FashionClassifier c = FashionClassifier.standard();
        SplittableRandom rng = new SplittableRandom(7);
        int n = 400_000;
        long[][] counts = new long[K][K];
        long[] actuals = new long[K];
        for (int s = 0; s < n; s++) {
            int actual = c.drawActual(rng);
            actuals[actual]++;
            counts[actual][c.predict(actual, NOW, rng)]++;
        }
        assertChiSquareFits(actuals, c.prior(), "prior");
        double[][] p = c.confusionAt(NOW);
        for (int i = 0; i < K; i++) {
            assertChiSquareFits(counts[i], p[i], "row " + FashionClassifier.CLASSES.get(i));
            for (int j = 0; j < K; j++) {
                if (p[i][j] == 0) assertThat(counts[i][j]).as("impossible cell %d,%d", i, j).isZero();
            }
        }
    }

    @Test
    void driftMakesShirtsTShirtsFromItsStart() {
        Instant start = NOW.plus(Duration.ofMinutes(10));
        FashionClassifier c = FashionClassifier.standard().withDrift(start, Duration.ofMinutes(2), 0.45);
        double before = sampledShirtAsTop(c, NOW);
        double halfway = sampledShirtAsTop(c, start.plus(Duration.ofMinutes(1)));
        double after = sampledShirtAsTop(c, start.plus(Duration.ofMinutes(5)));
        assertThat(before).isCloseTo(0.12, within(0.01));
        assertThat(halfway).isCloseTo((0.12 + 0.45) / 2, within(0.015));
        assertThat(after).isCloseTo(0.45, within(0.015));
        assertThat(c.confusionAt(start.plus(Duration.ofMinutes(5)))[FashionClassifier.SHIRT][FashionClassifier.TSHIRT_TOP])
                .isCloseTo(0.45, within(1e-12));
        // The rest of the Shirt row shrinks in proportion and the row still sums to 1.
        double[] row = c.confusionAt(start.plus(Duration.ofMinutes(5)))[FashionClassifier.SHIRT];
        assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(row[FashionClassifier.COAT] / row[FashionClassifier.PULLOVER]).isCloseTo(1.0, within(1e-12));
        // Other rows are untouched.
        assertThat(c.confusionAt(start.plus(Duration.ofHours(1)))[FashionClassifier.COAT])
                .containsExactly(FashionClassifier.standard().confusionAt(NOW)[FashionClassifier.COAT]);
    }

    @Test
    void driftWithoutRampIsImmediate() {
        FashionClassifier c = FashionClassifier.standard().withDrift(NOW);
        assertThat(c.confusionAt(NOW.minusMillis(1))[FashionClassifier.SHIRT][FashionClassifier.TSHIRT_TOP]).isCloseTo(0.12, within(1e-12));
        assertThat(c.confusionAt(NOW)[FashionClassifier.SHIRT][FashionClassifier.TSHIRT_TOP]).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void scoresArgmaxIsThePredictedClass() {
        FashionClassifier c = FashionClassifier.standard();
        SplittableRandom rng = new SplittableRandom(3);
        for (int s = 0; s < 20_000; s++) {
            int predicted = s % K;
            double[] scores = c.scores(predicted, rng);
            assertThat(scores).hasSize(K);
            double sum = 0;
            for (int j = 0; j < K; j++) {
                assertThat(scores[j]).isBetween(0.0, 1.0);
                if (j != predicted) assertThat(scores[j]).isLessThan(scores[predicted]);
                sum += scores[j];
            }
            assertThat(sum).isCloseTo(1.0, within(0.001));
        }
    }

    @Test
    void rejectsMatricesThatAreNotDistributions() {
        double[][] m = FashionClassifier.standard().confusionAt(NOW);
        m[3][3] += 0.05;
        assertThatThrownBy(() -> new FashionClassifier(FashionClassifier.standard().prior(), m))
                .hasMessageContaining("confusion row Dress sums to");
        assertThatThrownBy(() -> new Drift(6, 6, 0.5, NOW, Duration.ZERO)).hasMessageContaining("off-diagonal");
    }

    private static double sampledShirtAsTop(FashionClassifier c, Instant at) {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 40_000;
        int top = 0;
        for (int s = 0; s < n; s++) if (c.predict(FashionClassifier.SHIRT, at, rng) == FashionClassifier.TSHIRT_TOP) top++;
        return top / (double) n;
    }

    /**
     * Pearson's chi-square over the cells expected to hold at least 5 (the rest pooled), against a
     * bound of dof + 6 sd: a wrong probability of even half a point fails, chance never does.
     */
    private static void assertChiSquareFits(long[] observed, double[] p, String what) {
        long n = 0;
        for (long o : observed) n += o;
        double chi2 = 0;
        int cells = 0;
        double pooledExpected = 0;
        long pooledObserved = 0;
        for (int j = 0; j < p.length; j++) {
            double expected = n * p[j];
            if (expected < 5) {
                pooledExpected += expected;
                pooledObserved += observed[j];
                continue;
            }
            chi2 += (observed[j] - expected) * (observed[j] - expected) / expected;
            cells++;
        }
        if (pooledExpected >= 5) {
            chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }
        int dof = Math.max(1, cells - 1);
        assertThat(chi2).as("chi-square of %s (%d dof)", what, dof).isLessThan(dof + 6 * Math.sqrt(2.0 * dof));
    }

    private static int argmaxOffDiagonal(double[] row, int diagonal) {
        int best = diagonal == 0 ? 1 : 0;
        for (int j = 0; j < row.length; j++) if (j != diagonal && row[j] > row[best]) best = j;
        return best;
    }

    /** The share of all requests predicted right at {@code at}, by the prior. */
    private static double accuracyAt(FashionClassifier c, Instant at) {
        double[][] m = c.confusionAt(at);
        double[] prior = c.prior();
        double sum = 0;
        for (int i = 0; i < prior.length; i++) sum += prior[i] * m[i][i];
        return sum;
    }
}
