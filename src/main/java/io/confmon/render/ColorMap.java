package io.confmon.render;

import java.awt.Color;
import java.awt.LinearGradientPaint;
import java.awt.geom.Point2D;

/**
 * A sequential white-to-dark-blue colour map: ColorBrewer's 9-class "Blues", the anchors of
 * matplotlib's {@code Blues}, interpolated linearly in sRGB as matplotlib does. The colour bar's
 * gradient uses the same anchors, so a cell's colour is where its value sits on the bar.
 */
final class ColorMap {
    private static final Color[] BLUES = {
        new Color(0xf7fbff), new Color(0xdeebf7), new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x6baed6),
        new Color(0x4292c6), new Color(0x2171b5), new Color(0x08519c), new Color(0x08306b),
    };

    /** matplotlib's ".15" grey: black text that is easy on the eye. */
    static final Color DARK_TEXT = new Color(0x262626);
    static final Color LIGHT_TEXT = Color.WHITE;

    private ColorMap() {}

    /** The colour of a value on the scale 0..1 (clamped; NaN counts as 0). */
    static Color at(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double position = clamped * (BLUES.length - 1);
        int low = Math.min((int) Math.floor(position), BLUES.length - 2);
        double f = position - low;
        Color a = BLUES[low];
        Color b = BLUES[low + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    /** The whole map as a gradient from {@code zero} (value 0) to {@code one} (value 1). */
    static LinearGradientPaint gradient(Point2D zero, Point2D one) {
        float[] fractions = new float[BLUES.length];
        for (int i = 0; i < fractions.length; i++) fractions[i] = i / (float) (BLUES.length - 1);
        return new LinearGradientPaint(zero, one, fractions, BLUES.clone());
    }

    /**
     * Dark text on light cells, white on dark ones, chosen by luminance: whichever contrasts more
     * (WCAG contrast ratio). seaborn switches to white below a luminance of 0.408, which leaves
     * white text at 2.3:1 on mid blues; the larger ratio never drops below 3.9:1 on this map.
     */
    static Color textOn(Color background) {
        return contrast(background, LIGHT_TEXT) >= contrast(background, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
    }

    /** WCAG contrast ratio between two colours, 1 (none) .. 21 (black on white). */
    static double contrast(Color a, Color b) {
        double la = relativeLuminance(a);
        double lb = relativeLuminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG relative luminance of an sRGB colour, 0 (black) .. 1 (white). */
    static double relativeLuminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
