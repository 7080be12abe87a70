package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColorMapTest {

    @Test
    void runsFromNearWhiteToDarkBlueGettingDarkerAllTheWay() {
        assertThat(ColorMap.at(0)).isEqualTo(new Color(0xf7fbff));
        assertThat(ColorMap.at(1)).isEqualTo(new Color(0x08306b));
        assertThat(ColorMap.at(-3)).isEqualTo(ColorMap.at(0));
        assertThat(ColorMap.at(Double.NaN)).isEqualTo(ColorMap.at(0));
        assertThat(ColorMap.at(7)).isEqualTo(ColorMap.at(1));
        double previous = 2;
        for (int i = 0; i <= 100; i++) {
            double luminance = ColorMap.relativeLuminance(ColorMap.at(i / 100.0));
            assertThat(luminance).isLessThan(previous);
            previous = luminance;
        }
    }

    @Test
    void choosesTheTextColourThatContrastsMost() {
        assertThat(ColorMap.textOn(Color.WHITE)).isEqualTo(ColorMap.DARK_TEXT);
        assertThat(ColorMap.textOn(Color.BLACK)).isEqualTo(Color.WHITE);
        assertThat(ColorMap.textOn(ColorMap.at(0.2))).isEqualTo(ColorMap.DARK_TEXT);
        assertThat(ColorMap.textOn(ColorMap.at(0.9))).isEqualTo(Color.WHITE);
        // Seaborn's threshold (0.408) would put white on this mid blue at 2.3:1; dark text reads better.
        Color midBlue = ColorMap.at(0.48);
        assertThat(ColorMap.relativeLuminance(midBlue)).isLessThan(0.408);
        assertThat(ColorMap.textOn(midBlue)).isEqualTo(ColorMap.DARK_TEXT);
        // All along the scale the text keeps more than WCAG's 3:1 for large text.
        for (int i = 0; i <= 100; i++) {
            Color background = ColorMap.at(i / 100.0);
            Color text = ColorMap.textOn(background);
            assertThat(ColorMap.contrast(background, text)).as("at %d%%", i).isGreaterThanOrEqualTo(3.8);
            Color other = text.equals(Color.WHITE) ? ColorMap.DARK_TEXT : Color.WHITE;
            assertThat(ColorMap.contrast(background, text)).isGreaterThanOrEqualTo(ColorMap.contrast(background, other));
        }
    }

    @Test
    void colourScaleTicksAreRoundNumbersUpToTheTop() {
        ColorScale unit = ColorScale.unit("share of actual class");
        assertThat(unit.ticks()).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(unit.ticks()).extracting(unit::tickLabel).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");

        ColorScale counts = ColorScale.upTo(975, "count");
        assertThat(counts.ticks()).containsExactly(0.0, 200.0, 400.0, 600.0, 800.0);
        assertThat(counts.tickLabel(800)).isEqualTo("800");
        assertThat(counts.position(975)).isEqualTo(1.0);

        ColorScale shares = ColorScale.upTo(0.0975, "share of all");
        assertThat(shares.ticks()).containsExactly(0.0, 0.02, 0.04, 0.06, 0.08);
        assertThat(shares.tickLabel(0.02)).isEqualTo("0.02");
        assertThat(ColorScale.upTo(0.12, "x").tickLabel(0.025)).isEqualTo("0.025");

        assertThat(ColorScale.upTo(0, "empty").max()).isEqualTo(1.0);
        assertThat(ColorScale.upTo(2_000_000, "count").tickLabel(400_000)).isEqualTo("400k");
    }
}
