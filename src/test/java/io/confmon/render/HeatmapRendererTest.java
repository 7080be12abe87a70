package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The PNG and the SVG: that they decode, and that both draw exactly the layout's geometry and colours. */
class HeatmapRendererTest {
    private final MatrixDocument fashion = TestMatrices.fashion();
    private final HeatmapLayout layout = HeatmapRenderer.layout(fashion, HeatmapOptions.defaults());

    @Test
    void pngDecodesAtTheLayoutsSize() throws IOException {
        BufferedImage image = png(fashion, HeatmapOptions.defaults());

        assertThat(image.getWidth()).isEqualTo(layout.width()).isBetween(600, 1200);
        assertThat(image.getHeight()).isEqualTo(layout.height()).isBetween(600, 1200);
        assertThat(layout.cellSize()).isEqualTo(64);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 60, 120})
    void everyPngCellIsFilledWithItsColourExactlyWhereTheLayoutPutsIt(int k) throws IOException {
        // 10: every cell drawn one by one; 60 and 120: empty cells are the grid's background.
        MatrixDocument doc = k == 10 ? fashion : TestMatrices.many(k, k);
        HeatmapLayout laid = HeatmapRenderer.layout(doc, HeatmapOptions.defaults());
        BufferedImage image = png(doc, HeatmapOptions.defaults());
        HeatmapValues values = laid.values();

        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                Rectangle2D cell = laid.cell(a, p);
                int left = (int) cell.getMinX() + 2;
                int top = (int) cell.getMinY() + 2;
                int right = (int) cell.getMaxX() - 3;
                int bottom = (int) cell.getMaxY() - 3;
                Color expected = values.color(a, p);
                for (int[] corner : new int[][] {{left, top}, {right, top}, {left, bottom}, {right, bottom}}) {
                    assertThat(new Color(image.getRGB(corner[0], corner[1])))
                            .as("cell %d,%d at %s", a, p, Arrays.toString(corner)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void cellEdgesAreWhereTheLayoutSays() throws IOException {
        BufferedImage image = png(fashion, HeatmapOptions.defaults());
        HeatmapValues values = layout.values();
        // The last pixel of T-shirt/top's column is its colour, the next is Trouser's.
        Rectangle2D first = layout.cell(0, 0);
        int edge = (int) first.getMaxX();
        int y = (int) first.getCenterY() + 20;
        assertThat(new Color(image.getRGB(edge - 1, y))).isEqualTo(values.color(0, 0));
        assertThat(new Color(image.getRGB(edge, y))).isEqualTo(values.color(0, 1));
    }

    @Test
    void aCellWithAHighShareIsDarkerThanOneWithALowShare() throws IOException {
        BufferedImage image = png(fashion, HeatmapOptions.defaults());
        // Trouser -> Trouser holds 0.975 of its row, Trouser -> Pullover 0.001.
        Color high = pixelNearCorner(image, layout.cell(1, 1));
        Color low = pixelNearCorner(image, layout.cell(1, 2));
        Color middle = pixelNearCorner(image, layout.cell(6, 6)); // Shirt -> Shirt: 0.678

        assertThat(ColorMap.relativeLuminance(high)).isLessThan(ColorMap.relativeLuminance(middle));
        assertThat(ColorMap.relativeLuminance(middle)).isLessThan(ColorMap.relativeLuminance(low));
        assertThat(high.getBlue()).isGreaterThan(high.getRed()); // blue, not grey
    }

    @Test
    void annotationsAreWhiteOnDarkCellsAndDarkOnLightOnes() throws IOException {
        BufferedImage image = png(fashion, HeatmapOptions.defaults());

        Color dark = layout.values().color(1, 1);
        Color light = layout.values().color(0, 1);
        assertThat(ColorMap.textOn(dark)).isEqualTo(Color.WHITE);
        assertThat(ColorMap.textOn(light)).isEqualTo(ColorMap.DARK_TEXT);

        // Trouser -> Trouser is dark: its text is white, so every pixel is at least as light as the cell.
        double darkLuminance = ColorMap.relativeLuminance(dark);
        List<Color> onDark = pixels(image, layout.cell(1, 1));
        assertThat(onDark).anyMatch(c -> ColorMap.relativeLuminance(c) > 0.8);
        assertThat(onDark).allMatch(c -> ColorMap.relativeLuminance(c) >= darkLuminance - 0.01);
        // T-shirt/top -> Trouser ("2 / 0.00") is light: dark text, and nothing lighter than the cell.
        double lightLuminance = ColorMap.relativeLuminance(light);
        List<Color> onLight = pixels(image, layout.cell(0, 1));
        assertThat(onLight).anyMatch(c -> ColorMap.relativeLuminance(c) < 0.1);
        assertThat(onLight).allMatch(c -> ColorMap.relativeLuminance(c) <= lightLuminance + 0.01);
    }

    @Test
    void svgParsesAndHasOneTitledCellGroupPerCellWithTheCounts() throws Exception {
        Document svg = parse(HeatmapRenderer.svg(fashion, HeatmapOptions.defaults()));

        List<Element> cells = cellGroups(svg);
        assertThat(cells).hasSize(100);
        for (Element cell : cells) {
            int a = fashion.classes().indexOf(cell.getAttribute("data-actual"));
            int p = fashion.classes().indexOf(cell.getAttribute("data-predicted"));
            assertThat(cell.getAttribute("id")).isEqualTo("cell-" + a + "-" + p);
            assertThat(cell.getAttribute("data-count")).isEqualTo(Long.toString(TestMatrices.FASHION_COUNTS[a][p]));
            NodeList titles = cell.getElementsByTagName("title");
            assertThat(titles.getLength()).isEqualTo(1);
            assertThat(titles.item(0).getTextContent()).startsWith("actual " + fashion.classes().get(a)
                    + " → predicted " + fashion.classes().get(p) + ": " + TestMatrices.FASHION_COUNTS[a][p] + " (");
        }
        Element shirtAsTshirt = cells.stream().filter(c -> c.getAttribute("id").equals("cell-6-0")).findFirst().orElseThrow();
        assertThat(shirtAsTshirt.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("actual Shirt → predicted T-shirt/top: 135 (0.14 of Shirt)");
    }

    @Test
    void svgDrawsTheSameGeometryAsThePng() throws Exception {
        Document svg = parse(HeatmapRenderer.svg(fashion, HeatmapOptions.defaults()));
        BufferedImage image = png(fashion, HeatmapOptions.defaults());

        Element root = svg.getDocumentElement();
        assertThat(Double.parseDouble(root.getAttribute("width"))).isEqualTo(image.getWidth());
        assertThat(Double.parseDouble(root.getAttribute("height"))).isEqualTo(image.getHeight());
        for (Element cell : cellGroups(svg)) {
            String[] id = cell.getAttribute("id").split("-");
            Rectangle2D expected = layout.cell(Integer.parseInt(id[1]), Integer.parseInt(id[2]));
            Element rect = (Element) cell.getElementsByTagName("rect").item(0);
            assertThat(new Rectangle2D.Double(number(rect, "x"), number(rect, "y"), number(rect, "width"), number(rect, "height")))
                    .isEqualTo(expected);
            Color fill = new Color(image.getRGB((int) expected.getMinX() + 2, (int) expected.getMinY() + 2));
            assertThat(rect.getAttribute("style")).contains("rgb(" + fill.getRed() + "," + fill.getGreen() + "," + fill.getBlue() + ")");
        }
    }

    @Test
    void svgIsTheSameForTheSameMatrix() {
        assertThat(HeatmapRenderer.svg(fashion)).isEqualTo(HeatmapRenderer.svg(fashion));
    }

    @Test
    void classNamesAreEscapedInTheSvg() throws Exception {
        MatrixDocument doc = TestMatrices.document("m<&>", List.of("a<b", "\"c\" & 'd'"), new long[][] {{3, 1}, {2, 5}}, null, null);

        Document svg = parse(HeatmapRenderer.svg(doc));

        assertThat(cellGroups(svg)).extracting(e -> e.getAttribute("data-actual")).contains("a<b", "\"c\" & 'd'");
    }

    @Test
    void rawCountsColourByCountAndPrintNoProportion() throws Exception {
        HeatmapOptions counts = HeatmapOptions.defaults().withNormalization(Normalization.NONE);
        HeatmapLayout raw = HeatmapRenderer.layout(fashion, counts);

        assertThat(raw.annotationMode()).isEqualTo(AnnotationFit.Mode.COUNT);
        assertThat(raw.annotations(0, 0)).extracting(PlacedText::text).containsExactly("850");
        // The largest count (975) is the darkest colour, whatever its row share.
        assertThat(raw.values().color(1, 1)).isEqualTo(ColorMap.at(1));
        assertThat(png(fashion, counts).getWidth()).isEqualTo(raw.width());
    }

    @Test
    void sharesOfTheTotalSpanTheColourScaleUpToTheLargestCell() {
        HeatmapLayout all = HeatmapRenderer.layout(fashion, HeatmapOptions.defaults().withNormalization(Normalization.ALL));

        assertThat(all.values().color(1, 1)).isEqualTo(ColorMap.at(1)); // 975 / 10,000, the largest share
        assertThat(all.values().scale().max()).isEqualTo(0.0975);
        assertThat(all.annotations(1, 1)).extracting(PlacedText::text).containsExactly("975", "0.10");
    }

    private static BufferedImage png(MatrixDocument doc, HeatmapOptions options) throws IOException {
        byte[] bytes = HeatmapRenderer.png(doc, options);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).isNotNull();
        return image;
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    static List<Element> cellGroups(Document svg) {
        NodeList groups = svg.getElementsByTagNameNS("*", "g");
        List<Element> cells = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("cell".equals(g.getAttribute("class"))) cells.add(g);
        }
        return cells;
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    private static Color pixelNearCorner(BufferedImage image, Rectangle2D cell) {
        return new Color(image.getRGB((int) cell.getMinX() + 3, (int) cell.getMinY() + 3));
    }

    private static List<Color> pixels(BufferedImage image, Rectangle2D box) {
        List<Color> colors = new ArrayList<>();
        for (int x = (int) box.getMinX() + 1; x < box.getMaxX() - 1; x++) {
            for (int y = (int) box.getMinY() + 1; y < box.getMaxY() - 1; y++) colors.add(new Color(image.getRGB(x, y)));
        }
        return colors;
    }
}
