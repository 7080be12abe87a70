package io.confmon.render;

import io.confmon.matrix.ClassMetrics;
import io.confmon.matrix.Confusion;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.MatrixMetrics;
import io.confmon.matrix.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Plain text for a person at a terminal ({@code confmon evaluate --output table}): the matrix as
 * an aligned table, and a classification report laid out as scikit-learn's
 * {@code classification_report}, followed by agreement metrics and the largest confusions.
 */
public final class TextReport {
    /** Past this many classes a table is too wide to read in a terminal; a heatmap shows it. */
    public static final int MAX_TABLE_CLASSES = 30;
    static final int MAX_COLUMN_NAME = 12;
    static final int MAX_ROW_NAME = 24;
    /** Class names in the report are cut here so a single long one does not push every number right. */
    static final int MAX_REPORT_NAME = 30;
    static final String CORNER = "actual \\ predicted";
    private static final String[] HEADERS = {"precision", "recall", "f1-score", "support"};
    private static final int NUMBER_WIDTH = 9;
    /** Proportions in the table keep 3 decimals: 2 would turn a rare confusion (0.002) into 0.00. */
    static final int PROPORTION_DECIMALS = 3;

    private TextReport() {}

    /** The counts, rows = actual, columns = predicted, with the caption above. */
    public static String matrixTable(MatrixDocument doc) {
        return matrixTable(doc, false);
    }

    /** The counts, and with {@code withProportions} the document's normalized matrix below them. */
    public static String matrixTable(MatrixDocument doc, boolean withProportions) {
        int k = doc.classes().size();
        StringBuilder out = new StringBuilder("Confusion matrix" + Captions.SEPARATOR + Captions.title(doc) + "\n");
        if (k > MAX_TABLE_CLASSES) {
            return out.append(k).append(" classes are too many for a readable table (at most ").append(MAX_TABLE_CLASSES)
                    .append("): draw the matrix with --heatmap OUT.png (or OUT.svg), or read it with --output json.\n")
                    .toString();
        }
        out.append("rows: actual class, columns: predicted class\n\n");
        out.append(table(doc, doc.counts(), Numbers::count));
        if (withProportions && doc.normalized() != null && !Normalization.NONE.label().equals(doc.normalize())) {
            out.append("\nProportions (normalize=").append(doc.normalize()).append(": ")
                    .append(Captions.shareOf(Normalization.parse(doc.normalize()))).append(")\n\n");
            out.append(table(doc, doc.normalized(), v -> Numbers.fixed(v, PROPORTION_DECIMALS)));
        }
        return out.toString();
    }

    /** scikit-learn's {@code classification_report} with 2 decimals, its default. */
    public static String classificationReport(MatrixDocument doc) {
        return classificationReport(doc, 2);
    }

    /**
     * scikit-learn's {@code classification_report} layout with {@code digits} decimals, then
     * balanced accuracy, Cohen's kappa, MCC and the top confusions. Null metrics print "n/a".
     */
    public static String classificationReport(MatrixDocument doc, int digits) {
        if (digits < 0 || digits > 10) throw new IllegalArgumentException("digits must be 0..10, got " + digits);
        MatrixMetrics metrics = doc.metrics();
        List<String> names = doc.classes().stream().map(n -> TextTable.truncate(n, MAX_REPORT_NAME)).toList();
        int width = Math.max(names.stream().mapToInt(TextTable::length).max().orElse(0), Math.max("weighted avg".length(), digits));
        StringBuilder out = new StringBuilder(TextTable.padLeft("", width)).append(' ');
        for (String header : HEADERS) out.append(' ').append(TextTable.padLeft(header, NUMBER_WIDTH));
        out.append("\n\n");

        double[] sums = new double[3];
        double[] weightedSums = new double[3];
        double support = 0;
        for (int i = 0; i < names.size(); i++) {
            ClassMetrics c = metrics.perClass().get(doc.classes().get(i));
            double[] row = {c.precision(), c.recall(), c.f1()};
            for (int m = 0; m < 3; m++) {
                sums[m] += row[m];
                weightedSums[m] += row[m] * c.support();
            }
            support += c.support();
            out.append(reportRow(names.get(i), width, digits, row[0], row[1], row[2], c.support()));
        }
        int k = names.size();
        out.append('\n');
        out.append(TextTable.padLeft("accuracy", width)).append(' ')
                .append(' ').append(TextTable.padLeft("", NUMBER_WIDTH))
                .append(' ').append(TextTable.padLeft("", NUMBER_WIDTH))
                .append(' ').append(TextTable.padLeft(Numbers.metric(metrics.accuracy(), digits), NUMBER_WIDTH))
                .append(' ').append(TextTable.padLeft(Numbers.count(support), NUMBER_WIDTH)).append('\n');
        out.append(reportRow("macro avg", width, digits, mean(sums[0], k), mean(sums[1], k), metrics.macroF1(), support));
        out.append(reportRow("weighted avg", width, digits, mean(weightedSums[0], support), mean(weightedSums[1], support),
                metrics.weightedF1(), support));

        out.append('\n').append(new TextTable()
                .row(List.of("balanced accuracy", Numbers.metric(metrics.balancedAccuracy(), digits)))
                .row(List.of("Cohen's kappa", Numbers.metric(metrics.kappa(), digits)))
                .row(List.of("MCC", Numbers.metric(metrics.mcc(), digits)))
                .render());
        out.append('\n').append(topConfusions(doc.topConfusions()));
        return out.toString();
    }

    /** The caption, the matrix table with proportions and the classification report: what {@code evaluate} prints. */
    public static String summary(MatrixDocument doc) {
        return matrixTable(doc, true) + "\n" + classificationReport(doc);
    }

    private static String table(MatrixDocument doc, double[][] cells, DoubleFunction<String> format) {
        TextTable table = new TextTable();
        List<String> header = new ArrayList<>();
        header.add(CORNER);
        for (String name : doc.classes()) header.add(TextTable.truncate(name, MAX_COLUMN_NAME));
        table.row(header);
        for (int a = 0; a < cells.length; a++) {
            List<String> row = new ArrayList<>();
            row.add(TextTable.truncate(doc.classes().get(a), MAX_ROW_NAME));
            for (double v : cells[a]) row.add(format.apply(v));
            table.row(row);
        }
        return table.render();
    }

    private static String reportRow(String name, int width, int digits, double precision, double recall, double f1, double support) {
        StringBuilder row = new StringBuilder(TextTable.padLeft(name, width)).append(' ');
        for (double v : new double[] {precision, recall, f1}) {
            row.append(' ').append(TextTable.padLeft(Numbers.metric(v, digits), NUMBER_WIDTH));
        }
        return row.append(' ').append(TextTable.padLeft(Numbers.count(support), NUMBER_WIDTH)).append('\n').toString();
    }

    /** "Shirt → T-shirt/top  135  (13.5% of Shirt)", pairs and counts aligned. */
    private static String topConfusions(List<Confusion> confusions) {
        if (confusions == null || confusions.isEmpty()) return "Top confusions: none\n";
        TextTable table = new TextTable().leftAligned(2);
        for (Confusion c : confusions) {
            table.row(List.of("  " + c.actual() + " → " + c.predicted(), Numbers.count(c.count()),
                    "(" + Numbers.percent(c.ratio()) + " of " + c.actual() + ")"));
        }
        return "Top confusions (actual → predicted):\n" + table.render();
    }

    private static double mean(double sum, double n) {
        return n == 0 ? 0 : sum / n;
    }
}
