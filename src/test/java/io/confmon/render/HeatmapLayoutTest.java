package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.MatrixDocument;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The geometry: sizes that grow with K within bounds, labels and annotations that fit and never overlap. */
class HeatmapLayoutTest {

    @Test
    void cellsShrinkWithManyClassesAndTheGridStaysWithinItsBudget() {
        assertThat(HeatmapLayout.cellSize(2)).isEqualTo(64);
        assertThat(HeatmapLayout.cellSize(10)).isEqualTo(64);
        assertThat(HeatmapLayout.cellSize(50)).isEqualTo(40);
        assertThat(HeatmapLayout.cellSize(200)).isEqualTo(10);
        assertThat(HeatmapLayout.cellSize(5000)).isEqualTo(1);
        for (int k : new int[] {1, 10, 31, 32, 60, 200}) {
            assertThat(k * HeatmapLayout.cellSize(k)).isLessThanOrEqualTo(HeatmapLayout.GRID_BUDGET);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 24, 25, 50, 60, 120, 200})
    void nothingOverlapsAndEverythingIsInsideThePicture(int k) {
        HeatmapLayout layout = layoutOf(TestMatrices.many(k, k));

        List<PlacedText> texts = allTexts(layout);
        Rectangle2D picture = new Rectangle2D.Double(0, 0, layout.width(), layout.height());
        for (PlacedText t : texts) {
            assertThat(picture.contains(t.bounds())).as("'%s' inside %s", t.text(), picture).isTrue();
            assertThat(t.outline().intersects(layout.grid())).as("'%s' clear of the grid", t.text()).isFalse();
        }
        assertNoOverlap(texts);
        assertThat(layout.colorBar().intersects(layout.grid())).isFalse();
        // Annotations keep a tenth of the cell clear on every side, so neighbouring cells' texts stay apart.
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                Rectangle2D cell = layout.cell(a, p);
                double margin = cell.getWidth() / 10;
                Rectangle2D inner = new Rectangle2D.Double(cell.getX() + margin, cell.getY() + margin,
                        cell.getWidth() - 2 * margin, cell.getHeight() - 2 * margin);
                for (PlacedText line : layout.annotations(a, p)) {
                    assertThat(inner.contains(line.bounds())).as("cell %d,%d: '%s'", a, p, line.text()).isTrue();
                }
            }
        }
        assertThat(layout.width()).isLessThanOrEqualTo(2400);
        assertThat(layout.height()).isLessThanOrEqualTo(2400);
    }

    @Test
    void twoHundredClassesRenderQuicklyWithoutAnnotationsAndWithReadableLabels() throws Exception {
        MatrixDocument doc = TestMatrices.many(200, 7);
        long start = System.nanoTime();
        byte[] png = HeatmapRenderer.png(doc, HeatmapOptions.defaults());
        String svg = HeatmapRenderer.svg(doc, HeatmapOptions.defaults());
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Generous for two shared cores under other builds; it takes well under 2 s alone.
        assertThat(millis).isLessThan(20_000);
        // Only cells with a count get a titled group: a few hundred kilobytes, not 12 MB.
        assertThat(svg.length()).isLessThan(2_000_000);
        assertThat(png.length).isGreaterThan(1000);
        HeatmapLayout layout = layoutOf(doc);
        assertThat(layout.annotationMode()).isEqualTo(AnnotationFit.Mode.NONE);
        assertThat(layout.annotations(0, 0)).isEmpty();
        // Every cell with a count is there, holding its rectangle and hover title but no text.
        List<org.w3c.dom.Element> cells = HeatmapRendererTest.cellGroups(HeatmapRendererTest.parse(svg));
        assertThat(layout.drawsEmptyCells()).isFalse();
        long nonEmpty = Arrays.stream(doc.counts()).flatMapToDouble(Arrays::stream).filter(c -> c > 0).count();
        assertThat(cells).hasSize((int) nonEmpty);
        assertThat(cells).allMatch(cell -> Double.parseDouble(cell.getAttribute("data-count")) > 0);
        assertThat(cells).allMatch(cell -> cell.getElementsByTagName("text").getLength() == 0);
        assertThat(layout.rowLabels().get(0).font().getSize2D()).isGreaterThanOrEqualTo(8f);
        assertThat(layout.columnAngle()).isEqualTo(ColumnLabelAngle.VERTICAL);
    }

    @Test
    void fiftyClassesKeepCountAndProportionInEveryCell() {
        HeatmapLayout layout = layoutOf(TestMatrices.many(50, 50));

        assertThat(layout.annotationMode()).isEqualTo(AnnotationFit.Mode.COUNT_AND_PROPORTION);
        assertThat(layout.annotationFont().getSize2D()).isGreaterThanOrEqualTo(AnnotationFit.SMALLEST_TWO_LINES);
        assertThat(layout.labelStep()).isEqualTo(1);
        for (int a = 0; a < 50; a++) {
            for (int p = 0; p < 50; p++) {
                List<PlacedText> lines = layout.annotations(a, p);
                assertThat(lines).hasSize(layout.values().count(a, p) == 0 ? 1 : 2);
                for (PlacedText line : lines) {
                    assertThat(layout.cell(a, p).contains(line.bounds())).as("cell %d,%d: %s", a, p, line.text()).isTrue();
                }
            }
        }
    }

    @Test
    void annotationsFollowTheFashionMatrix() {
        HeatmapLayout layout = layoutOf(TestMatrices.fashion());

        assertThat(layout.annotations(6, 0)).extracting(PlacedText::text).containsExactly("135", "0.14");
        assertThat(layout.annotations(0, 5)).extracting(PlacedText::text).containsExactly("0");
        PlacedText count = layout.annotations(6, 0).get(0);
        assertThat(count.bounds().getCenterX()).isCloseTo(layout.cell(6, 0).getCenterX(), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void longColumnNamesTurnAndShortOnesStayLevel() {
        assertThat(layoutOf(TestMatrices.fashion()).columnAngle()).isEqualTo(ColumnLabelAngle.DIAGONAL);
        assertThat(layoutOf(TestMatrices.many(60, 1)).columnAngle()).isEqualTo(ColumnLabelAngle.VERTICAL);
        List<String> digits = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        long[][] counts = new long[10][10];
        for (int i = 0; i < 10; i++) counts[i][i] = 5;
        assertThat(layoutOf(TestMatrices.document("mnist", digits, counts, null, null)).columnAngle())
                .isEqualTo(ColumnLabelAngle.HORIZONTAL);
    }

    @Test
    void veryLongNamesAreShortenedInTheLabels() {
        String longName = "a class name far too long to be written in full beside the matrix";
        MatrixDocument doc = TestMatrices.document("m", List.of(longName, "short"), new long[][] {{1, 0}, {0, 1}}, null, null);

        HeatmapLayout layout = layoutOf(doc);

        PlacedText label = layout.rowLabels().get(0);
        assertThat(label.text()).endsWith("…").hasSizeLessThan(longName.length());
        assertThat(label.width()).isLessThanOrEqualTo(HeatmapLayout.MAX_LABEL_WIDTH);
        assertThat(layout.values().hoverTitle(0, 0)).contains(longName);
    }

    @Test
    void theTitleNamesModelWindowAndTotalUnlessOverridden() {
        HeatmapLayout layout = layoutOf(TestMatrices.fashion());
        assertThat(layout.title().text()).isEqualTo("model fashion · 2026-11-24 10:00–11:00 UTC · n = 10,000");
        assertThat(layout.subtitle().text()).isEqualTo("accuracy 0.893 · macro F1 0.893 · normalize=true");

        HeatmapLayout custom = HeatmapRenderer.layout(TestMatrices.fashion(),
                HeatmapOptions.defaults().withTitle("canary vs. stable").withSubtitle(""));
        assertThat(custom.title().text()).isEqualTo("canary vs. stable");
        assertThat(custom.subtitle()).isNull();
    }

    @Test
    void anEmptyMatrixStillDraws() {
        MatrixDocument empty = TestMatrices.document("idle", List.of("cat", "dog"), new long[2][2], null, null);

        HeatmapLayout layout = layoutOf(empty);

        assertThat(layout.title().text()).isEqualTo("model idle · n = 0");
        assertThat(layout.subtitle().text()).isEqualTo("normalize=true");
        assertThat(HeatmapRenderer.png(empty, HeatmapOptions.defaults())).isNotEmpty();
        assertThat(HeatmapRenderer.svg(empty, HeatmapOptions.defaults())).contains("class='cell'");

        MatrixDocument noClasses = TestMatrices.document("new", List.of(), new long[0][0], null, null);
        assertThat(HeatmapRenderer.png(noClasses, HeatmapOptions.defaults())).isNotEmpty();
        assertThat(HeatmapRenderer.svg(noClasses, HeatmapOptions.defaults())).doesNotContain("class='cell'");
    }

    static HeatmapLayout layoutOf(MatrixDocument doc) {
        return HeatmapRenderer.layout(doc, HeatmapOptions.defaults());
    }

    static List<PlacedText> allTexts(HeatmapLayout layout) {
        List<PlacedText> texts = new ArrayList<>();
        texts.addAll(layout.rowLabels());
        texts.addAll(layout.columnLabels());
        texts.addAll(layout.axisTitles());
        texts.addAll(layout.colorBarLabels());
        texts.add(layout.title());
        if (layout.subtitle() != null) texts.add(layout.subtitle());
        return texts;
    }

    /** Pairwise, on the turned text boxes themselves (bounding boxes of slanted labels overlap even when the text does not). */
    static void assertNoOverlap(List<PlacedText> texts) {
        List<Rectangle2D> bounds = texts.stream().map(PlacedText::bounds).toList();
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                if (!bounds.get(i).intersects(bounds.get(j))) continue;
                Area overlap = new Area(texts.get(i).outline());
                overlap.intersect(new Area(texts.get(j).outline()));
                Rectangle2D o = overlap.getBounds2D();
                // Boxes may touch along an edge (a rounding hair); text must not run into text.
                assertThat(o.getWidth() * o.getHeight())
                        .as("'%s' and '%s' overlap", texts.get(i).text(), texts.get(j).text())
                        .isLessThan(0.5);
            }
        }
    }
}
