package io.confmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.metrics.SeriesGroup.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesBudgetTest {
    static Series pending(String model) {
        return new Series(Family.aggregate(Metric.PENDING), List.of(model), 1);
    }

    static SeriesGroup group(Tier tier, String... models) {
        return new SeriesGroup(tier, java.util.Arrays.stream(models).map(SeriesBudgetTest::pending).toList());
    }

    @Test
    void groupsClaimTheBudgetByTierWholeOrNotAtAll() {
        SeriesBudget.Admitted admitted = new SeriesBudget(3).admit(List.of(
                group(Tier.CLASSES, "c1"),
                group(Tier.CONFUSED_PAIRS, "p1", "p2"),
                group(Tier.HEADLINE, "h1"),
                group(Tier.CLASSES, "c2", "c3")));
        assertThat(admitted.series()).extracting(s -> s.key().labelValues().get(0)).containsExactly("h1", "p1", "p2");
        assertThat(admitted.leftOut()).isEqualTo(3);
    }

    @Test
    void aGroupTooBigIsSkippedAndASmallerOneAfterItStillFits() {
        SeriesBudget.Admitted admitted = new SeriesBudget(2).admit(List.of(
                group(Tier.HEADLINE, "h1"), group(Tier.CLASSES, "a", "b"), group(Tier.CLASSES, "c")));
        assertThat(admitted.series()).extracting(s -> s.key().labelValues().get(0)).containsExactly("h1", "c");
        assertThat(admitted.leftOut()).isEqualTo(2);
    }

    @Test
    void aSeriesOfferedTwiceIsExportedAndCountedOnce() {
        SeriesBudget.Admitted admitted = new SeriesBudget(10).admit(List.of(
                group(Tier.CONFUSED_PAIRS, "row", "pair"), group(Tier.CLASSES, "row")));
        assertThat(admitted.series()).hasSize(2);
        assertThat(admitted.leftOut()).isZero();
        assertThat(new SeriesBudget(1).admit(List.of(group(Tier.CONFUSED_PAIRS, "row", "pair"), group(Tier.CLASSES, "row"))).leftOut())
                .isEqualTo(1);
    }
}
