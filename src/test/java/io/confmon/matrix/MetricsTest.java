package io.confmon.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's stated answers where scikit-learn warns or returns NaN (the sklearn agreement test covers the rest). */
class MetricsTest {
    @Test
    void emptyMatrixAnswersNullWhereTheContractSays() {
        MatrixMetrics m = Metrics.of(new ConfusionMatrix(ClassIndex.of(List.of("a", "b"))));
        assertThat(m.accuracy()).isNull();
        assertThat(m.balancedAccuracy()).isNull();
        assertThat(m.kappa()).isNull();
        assertThat(m.mcc()).isNull();
        assertThat(m.macroF1()).isZero();
        assertThat(m.perClass().get("a").specificity()).isZero();
    }

    @Test
    void kappaIsNullWhenExpectedAgreementIsOneAndMccZeroWhenUndefined() {
        ConfusionMatrix c = new ConfusionMatrix(ClassIndex.of(List.of("a", "b")));
        c.add(0, 0, 5 * Weights.ONE);
        MatrixMetrics m = Metrics.of(c);
        assertThat(m.kappa()).isNull();
        assertThat(m.mcc()).isZero();
        assertThat(m.accuracy()).isEqualTo(1.0);
    }

    @Test
    void topConfusionsAreOffDiagonalLargestFirstWithRowRatio() {
        ConfusionMatrix c = new ConfusionMatrix(ClassIndex.of(List.of("a", "b", "c")));
        c.add(0, 0, 100 * Weights.ONE);
        c.add(1, 1, 10 * Weights.ONE);
        c.add(1, 0, 30 * Weights.ONE);
        c.add(0, 2, 30 * Weights.ONE);
        c.add(2, 1, 5 * Weights.ONE);
        List<Confusion> top = Metrics.topConfusions(c, 10);
        assertThat(top).extracting(Confusion::actual).containsExactly("a", "b", "c");
        assertThat(top.get(1).ratio()).isCloseTo(0.75, within(1e-12));
        assertThat(top.get(0).count()).isEqualTo(30.0);
        assertThat(Metrics.topConfusions(c, 1)).hasSize(1);
    }
}
