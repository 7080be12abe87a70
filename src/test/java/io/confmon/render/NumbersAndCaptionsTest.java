package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.Normalization;
import org.junit.jupiter.api.Test;

class NumbersAndCaptionsTest {
    private static final long FROM = TestMatrices.FROM; // 2026-11-24 10:00 UTC

    @Test
    void countsAreWholeWhenWholeAndShortInCells() {
        assertThat(Numbers.count(412)).isEqualTo("412");
        assertThat(Numbers.count(412.5)).isEqualTo("412.5");
        assertThat(Numbers.count(1.0 / 3)).isEqualTo("0.333");
        assertThat(Numbers.grouped(12345)).isEqualTo("12,345");
        assertThat(Numbers.compact(7.25)).isEqualTo("7.25");
        assertThat(Numbers.compact(99_999)).isEqualTo("99999");
        assertThat(Numbers.compact(123_456)).isEqualTo("123k");
        assertThat(Numbers.compact(1_234_567)).isEqualTo("1.23M");
    }

    @Test
    void proportionsKeepRareConfusionsVisible() {
        assertThat(Numbers.ratio(0.8214)).isEqualTo("0.82");
        assertThat(Numbers.ratio(0)).isEqualTo("0.00");
        assertThat(Numbers.ratio(0.0012345)).isEqualTo("0.0012");
        assertThat(Numbers.cellRatio(0.0012345)).isEqualTo("0.00");
        assertThat(Numbers.percent(0.21)).isEqualTo("21.0%");
        assertThat(Numbers.metric(null, 2)).isEqualTo("n/a");
        assertThat(Numbers.metric(0.5, 4)).isEqualTo("0.5000");
    }

    @Test
    void svgCoordinatesAreShort() {
        assertThat(Numbers.coordinate(112.0)).isEqualTo("112");
        assertThat(Numbers.coordinate(132.5478515625)).isEqualTo("132.55");
        assertThat(Numbers.coordinate(-0.004)).isEqualTo("0");
    }

    @Test
    void windowsReadAsUtcTimes() {
        assertThat(Captions.window(FROM, FROM + 3_600_000)).isEqualTo("2026-11-24 10:00–11:00 UTC");
        assertThat(Captions.window(FROM, FROM + 86_400_000)).isEqualTo("2026-11-24 10:00 – 2026-11-25 10:00 UTC");
        assertThat(Captions.window(FROM + 30_000, FROM + 90_000)).isEqualTo("2026-11-24 10:00:30–10:01:30 UTC");
        assertThat(Captions.window(FROM, null)).isEqualTo("since 2026-11-24 10:00 UTC");
        assertThat(Captions.window(null, FROM)).isEqualTo("until 2026-11-24 10:00 UTC");
        assertThat(Captions.window(null, null)).isEmpty();
    }

    @Test
    void captionsNameModelWindowTotalAndNormalization() {
        assertThat(Captions.title(TestMatrices.fashion())).isEqualTo("model fashion · 2026-11-24 10:00–11:00 UTC · n = 10,000");
        assertThat(Captions.subtitle(TestMatrices.fashion(), Normalization.PRED))
                .isEqualTo("accuracy 0.893 · macro F1 0.893 · normalize=pred");
        assertThat(Captions.shareOf(Normalization.TRUE)).isEqualTo("share of actual class");
    }
}
