package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.matrix.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void matrixTableAlignsEveryNumberUnderItsClassName() {
        String text = TextReport.matrixTable(TestMatrices.fashion());
        List<String> table = tableLines(text, 11);

        String header = table.get(0);
        assertThat(header).startsWith(TextReport.CORNER);
        List<Integer> columnEnds = columnEnds(header);
        assertThat(columnEnds).hasSize(10);
        for (int a = 0; a < 10; a++) {
            String row = table.get(a + 1);
            assertThat(row).startsWith(TestMatrices.FASHION.get(a));
            List<Integer> numberEnds = new ArrayList<>();
            Matcher number = Pattern.compile("\\d+").matcher(row);
            while (number.find()) numberEnds.add(number.end());
            assertThat(numberEnds).as(row).isEqualTo(columnEnds);
            assertThat(row.trim().split("\\s+")).endsWith(longs(TestMatrices.FASHION_COUNTS[a]));
        }
        assertThat(text).startsWith("Confusion matrix · model fashion · 2026-11-24 10:00–11:00 UTC · n = 10,000\n");
    }

    @Test
    void proportionsFollowWhenAsked() {
        String text = TextReport.matrixTable(TestMatrices.fashion(), true);

        assertThat(text).contains("Proportions (normalize=true: share of actual class)");
        List<String> proportions = tableLines(text.substring(text.indexOf("Proportions")), 11);
        assertThat(columnEnds(proportions.get(0))).hasSize(10);
        assertThat(proportions.get(7)).startsWith("Shirt").contains(" 0.135 ").endsWith("0.000");
        assertThat(TextReport.matrixTable(TestMatrices.fashion())).doesNotContain("Proportions");
    }

    @Test
    void weightedCountsShowUpToThreeDecimalsAndLongNamesAreShortened() {
        String longName = "a very long class name indeed";
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(List.of(longName, "b")));
        m.add(0, 0, Weights.toUnits(412.5));
        m.add(0, 1, Weights.toUnits(1.0 / 3));
        m.add(1, 1, Weights.toUnits(7));
        String text = TextReport.matrixTable(MatrixDocument.of("w", null, null, m, Normalization.TRUE));

        assertThat(text).contains("412.5").contains("0.333").contains("  7\n").doesNotContain(longName);
        assertThat(text).contains(TextTable.truncate(longName, TextReport.MAX_COLUMN_NAME))
                .contains(TextTable.truncate(longName, TextReport.MAX_ROW_NAME));
        assertThat(TextTable.truncate(longName, 12)).isEqualTo("a very long…").hasSize(12);
        List<String> table = tableLines(text, 3);
        assertThat(table).extracting(String::length).containsOnly(table.get(0).length());
    }

    @Test
    void tooManyClassesPointToTheHeatmapButStillGetAReport() {
        MatrixDocument wide = TestMatrices.many(TextReport.MAX_TABLE_CLASSES + 1, 3);

        String table = TextReport.matrixTable(wide, true);
        String report = TextReport.classificationReport(wide);

        assertThat(table).contains("31 classes are too many").contains("--heatmap").doesNotContain("actual \\ predicted");
        assertThat(report.lines().filter(l -> l.matches("\\s*\\S.*\\s\\d\\.\\d\\d\\s+\\d\\.\\d\\d\\s+\\d\\.\\d\\d\\s+\\d+"))).hasSize(31 + 2);
        assertThat(TextReport.matrixTable(TestMatrices.many(TextReport.MAX_TABLE_CLASSES, 3))).contains("actual \\ predicted");
    }

    @Test
    void classificationReportHasScikitLearnsRowsThenAgreementAndConfusions() {
        String report = TextReport.classificationReport(TestMatrices.fashion());

        assertThat(report).startsWith("              precision    recall  f1-score   support\n\n");
        assertThat(report).contains(" T-shirt/top       0.83      0.85      0.84      1000\n");
        assertThat(report).contains("\n    accuracy                           0.89     10000\n");
        assertThat(report).contains("\n   macro avg       0.89      0.89      0.89     10000\n");
        assertThat(report).contains("\nweighted avg       0.89      0.89      0.89     10000\n");
        assertThat(report).containsPattern("balanced accuracy +0\\.89\n");
        assertThat(report).containsPattern("Cohen's kappa +0\\.88\n");
        assertThat(report).containsPattern("MCC +0\\.88\n");
        assertThat(report).contains("Top confusions (actual → predicted):\n"
                + "  Shirt → T-shirt/top   135  (13.5% of Shirt)\n"
                + "  T-shirt/top → Shirt   100  (10.0% of T-shirt/top)\n");
        assertThat(TextReport.classificationReport(TestMatrices.fashion(), 4)).contains(" T-shirt/top     0.8277    0.8500    0.8387      1000\n");
    }

    @Test
    void emptyMatrixPrintsNotApplicableWhereTheContractSaysNull() {
        MatrixDocument empty = TestMatrices.document("idle", List.of("cat", "dog"), new long[2][2], null, null);

        String report = TextReport.classificationReport(empty);

        assertThat(report).contains("    accuracy                            n/a         0\n");
        assertThat(report).containsPattern("balanced accuracy +n/a\n").containsPattern("Cohen's kappa +n/a\n")
                .containsPattern("MCC +n/a\n").contains("Top confusions: none");
    }

    @Test
    void summaryHasTableAndReport() {
        String summary = TextReport.summary(TestMatrices.fashion());

        assertThat(summary).contains("actual \\ predicted").contains("Proportions").contains("weighted avg");
    }

    /** The table's header and rows: the first {@code count} lines from the one starting with the corner label. */
    private static List<String> tableLines(String text, int count) {
        List<String> lines = text.lines().toList();
        int start = 0;
        while (!lines.get(start).startsWith(TextReport.CORNER)) start++;
        return lines.subList(start, start + count);
    }

    /** Where each right-aligned column header ends: after a non-space followed by two spaces or the line's end. */
    private static List<Integer> columnEnds(String header) {
        List<Integer> ends = new ArrayList<>();
        Matcher m = Pattern.compile("\\S(?=  |$)").matcher(header.substring(TextReport.CORNER.length()));
        while (m.find()) ends.add(TextReport.CORNER.length() + m.end());
        return ends;
    }

    private static String[] longs(long[] values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) s[i] = Long.toString(values[i]);
        return s;
    }
}
