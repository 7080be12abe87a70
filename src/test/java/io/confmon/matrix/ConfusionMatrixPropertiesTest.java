package io.confmon.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Properties the live monitor relies on: retract undoes add, merge is order-free, normalization sums to 1. */
class ConfusionMatrixPropertiesTest {
    private static final ClassIndex CLASSES = ClassIndex.of(List.of("a", "b", "c", "d", "e"));

    @RepeatedTest(50)
    void retractUndoesAdd(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        ConfusionMatrix m = random(rnd, 200);
        ConfusionMatrix before = m.copy();
        int[][] cells = new int[100][3];
        for (int[] cell : cells) {
            cell[0] = rnd.nextInt(5);
            cell[1] = rnd.nextInt(5);
            cell[2] = rnd.nextInt(3_000_000);
            m.add(cell[0], cell[1], cell[2]);
        }
        assertThat(m).isNotEqualTo(before);
        for (int i = cells.length - 1; i >= 0; i--) m.retract(cells[(i * 37) % cells.length][0], cells[(i * 37) % cells.length][1], cells[(i * 37) % cells.length][2]);
        assertThat(m).isEqualTo(before);
    }

    @RepeatedTest(50)
    void mergeIsAssociativeAndOrderFree(RepetitionInfo rep) {
        Random rnd = new Random(1000 + rep.getCurrentRepetition());
        ConfusionMatrix x = random(rnd, 50);
        ConfusionMatrix y = random(rnd, 50);
        ConfusionMatrix z = random(rnd, 50);
        ConfusionMatrix left = x.copy().merge(y).merge(z);
        ConfusionMatrix right = x.copy().merge(y.copy().merge(z));
        ConfusionMatrix shuffled = z.copy().merge(x).merge(y);
        assertThat(left).isEqualTo(right).isEqualTo(shuffled);
        assertThat(left.totalUnits()).isEqualTo(x.totalUnits() + y.totalUnits() + z.totalUnits());
    }

    @RepeatedTest(20)
    void normalizedRowsColumnsAndTotalSumToOne(RepetitionInfo rep) {
        ConfusionMatrix m = random(new Random(2000 + rep.getCurrentRepetition()), 300);
        double[][] byRow = Normalization.TRUE.apply(m);
        double[][] byColumn = Normalization.PRED.apply(m);
        double[][] byAll = Normalization.ALL.apply(m);
        double all = 0;
        for (int a = 0; a < 5; a++) {
            double row = 0;
            double column = 0;
            for (int p = 0; p < 5; p++) {
                row += byRow[a][p];
                column += byColumn[p][a];
                all += byAll[a][p];
            }
            assertThat(row).isCloseTo(m.rowUnits(a) == 0 ? 0 : 1, within(1e-12));
            assertThat(column).isCloseTo(m.columnUnits(a) == 0 ? 0 : 1, within(1e-12));
        }
        assertThat(all).isCloseTo(1, within(1e-12));
    }

    @Test
    void normalizedCellIsZeroWhereTheRowIsEmpty() {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        m.add(0, 1, Weights.ONE);
        assertThat(Normalization.TRUE.apply(m)[2]).containsOnly(0.0);
        assertThat(Normalization.NONE.apply(m)[0][1]).isEqualTo(1.0);
    }

    @Test
    void reindexMovesCellsByName() {
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(List.of("b", "a")));
        m.add(0, 1, 7);
        ConfusionMatrix r = m.reindex(ClassIndex.of(List.of("a", "b", "c")));
        assertThat(r.units(1, 0)).isEqualTo(7);
        assertThat(r.totalUnits()).isEqualTo(7);
    }

    @Test
    void weightsAreExactUnits() {
        assertThat(Weights.toUnits(0.1) * 3).isEqualTo(Weights.toUnits(0.3));
        assertThat(Weights.isValid(-0.0001)).isFalse();
        assertThat(Weights.isValid(Double.NaN)).isFalse();
        assertThat(Weights.isValid(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(Weights.isValid(0)).isTrue();
    }

    private static ConfusionMatrix random(Random rnd, int n) {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        for (int i = 0; i < n; i++) m.add(rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(2_000_000));
        return m;
    }
}
