package io.confmon.metrics;

import static io.confmon.metrics.ConfusionMeterBinderTest.ANIMALS;
import static io.confmon.metrics.ConfusionMeterBinderTest.matrix;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.metrics.ConfusedPairs.Pair;
import io.confmon.view.ModelView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfusedPairsTest {
    static Map<String, ModelView> views(long[][] hour, long[][] day) {
        Map<String, ModelView> views = new LinkedHashMap<>();
        views.put("1h", new ModelView("zoo", null, matrix(ANIMALS, hour), 0, 0));
        views.put("24h", new ModelView("zoo", null, matrix(ANIMALS, day), 0, 0));
        return views;
    }

    @Test
    void topPairsAreTheUnionOfEachViewsTopSoARisingPairHasItsBaseline() {
        // cat -> dog rises in the hour; over the day dog -> fox is the worst pair.
        Map<String, ModelView> views = views(new long[][] {{5, 5, 0}, {0, 9, 1}, {0, 0, 10}},
                new long[][] {{95, 5, 0}, {0, 70, 30}, {0, 0, 100}});
        assertThat(ConfusedPairs.top(views, 1, 1)).containsExactly(new Pair("cat", "dog"), new Pair("dog", "fox"));
    }

    @Test
    void rowsUnderTheMinimumSupportDoNotRank() {
        // fox has two rows, both predicted cat: ratio 1, yet not a pair worth a slot.
        Map<String, ModelView> views = views(new long[][] {{90, 10, 0}, {0, 80, 20}, {2, 0, 0}},
                new long[][] {{90, 10, 0}, {0, 80, 20}, {2, 0, 0}});
        assertThat(ConfusedPairs.top(views, 5, 50)).containsExactly(new Pair("dog", "fox"), new Pair("cat", "dog"));
        assertThat(ConfusedPairs.top(views, 5, 1)).first().isEqualTo(new Pair("fox", "cat"));
    }

    @Test
    void allConfusedListsEveryCountedOffDiagonalCellSupportedRowsFirst() {
        Map<String, ModelView> views = views(new long[][] {{90, 10, 0}, {0, 80, 20}, {2, 0, 0}},
                new long[][] {{90, 10, 0}, {0, 80, 20}, {2, 0, 0}});
        List<Pair> all = ConfusedPairs.allConfused(views, 50);
        assertThat(all).containsExactly(new Pair("dog", "fox"), new Pair("cat", "dog"), new Pair("fox", "cat"));
    }
}
