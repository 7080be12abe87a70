package io.confmon.metrics;

import io.confmon.topology.Slice;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SliceLabelsTest {
    @Test
    void keysBecomeLabelsThatNeitherClashNorBreakTheFormat() {
        SliceLabels labels = new SliceLabels(List.of("region", "class", "device-type", "9lives", "__meta", "instance"));
        assertThat(labels.labelNames()).containsExactly("region", "slice_class", "device_type", "_9lives", "_meta", "slice_instance");
    }

    @Test
    void twoKeysThatSanitizeAlikeStayApart() {
        assertThat(new SliceLabels(List.of("a-b", "a_b", "a.b")).labelNames()).containsExactly("a_b", "slice_a_b", "slice_a_b_2");
    }

    @Test
    void aSliceGivesAValueForEveryConfiguredKeyInOrder() {
        SliceLabels labels = new SliceLabels(List.of("region", "device"));
        assertThat(labels.valuesOf(Slice.of(Map.of("device", "phone", "region", "eu")))).contains(List.of("eu", "phone"));
        assertThat(labels.valuesOf(Slice.of(Map.of("region", "a=b,c")))).contains(List.of("a=b,c", ""));
        assertThat(labels.valuesOf(Slice.NONE)).contains(List.of("", ""));
        assertThat(labels.valuesOf(Slice.of(Map.of("tier", "gold")))).isEmpty();
    }
}
