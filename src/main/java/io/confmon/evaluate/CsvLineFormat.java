package io.confmon.evaluate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.confmon.event.RejectReason;
import io.confmon.event.Rejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV row under a header line. Cells are split by Jackson's CSV parser (quotes, commas inside
 * quoted arrays); a cell holding an integer is a class index, a JSON array is an array of scores,
 * anything else is a class name, as the contract says. An empty cell is a missing value.
 */
final class CsvLineFormat implements LineFormat {
    private static final ObjectReader CELLS = new CsvMapper()
            .readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);

    private final int actual;
    private final int predicted;
    private final int scores;
    private final int weight;
    private final int width;

    private CsvLineFormat(int actual, int predicted, int scores, int weight, int width) {
        this.actual = actual;
        this.predicted = predicted;
        this.scores = scores;
        this.weight = weight;
        this.width = width;
    }

    /** The format of the rows under {@code header}; fails with a message naming the missing column. */
    static CsvLineFormat forHeader(byte[] header, int length, Columns columns) {
        List<String> names = Arrays.asList(cells(header, 0, length));
        int actual = names.indexOf(columns.actual());
        int predicted = names.indexOf(columns.predicted());
        int scores = names.indexOf(columns.scores());
        int weight = names.indexOf(columns.weight());
        if (actual < 0) throw missingColumn("actual", columns.actual(), names);
        if (predicted < 0 && scores < 0) {
            throw new Rejection(RejectReason.INVALID, "the header has neither the predicted column '" + columns.predicted()
                    + "' nor the scores column '" + columns.scores() + "' (columns: " + String.join(", ", names)
                    + "); name yours with --predicted-column or --scores-column");
        }
        if (weight < 0 && columns.weightRequired()) throw missingColumn("weight", columns.weight(), names);
        return new CsvLineFormat(actual, predicted, scores, weight, names.size());
    }

    @Override
    public LineFormat copy() {
        return this;
    }

    @Override
    public void parse(byte[] buffer, int offset, int length, Row row) {
        String[] cells = cells(buffer, offset, length);
        if (cells.length != width) {
            throw new Rejection(RejectReason.MALFORMED, "the row has " + cells.length + " cells but the header has " + width);
        }
        row.actual = classCell(cells, actual);
        row.predicted = classCell(cells, predicted);
        row.scores = classCell(cells, scores);
        if (weight >= 0 && !cells[weight].isEmpty()) {
            try {
                row.weight = Double.parseDouble(cells[weight]);
            } catch (NumberFormatException e) {
                throw new Rejection(RejectReason.INVALID, "weight must be a number, not '" + cells[weight] + "'");
            }
        }
    }

    private static Object classCell(String[] cells, int column) {
        if (column < 0) return null;
        String cell = cells[column];
        if (cell.isEmpty()) return null;
        if (isInteger(cell)) {
            try {
                return Long.parseLong(cell);
            } catch (NumberFormatException e) {
                throw new Rejection(RejectReason.INVALID, "class index " + cell + " is too large");
            }
        }
        if (cell.charAt(0) == '[') return array(cell);
        return cell;
    }

    private static boolean isInteger(String cell) {
        int start = cell.charAt(0) == '-' ? 1 : 0;
        if (start == cell.length()) return false;
        for (int i = start; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static double[] array(String cell) {
        String inner = cell.substring(1, cell.length() - (cell.endsWith("]") ? 1 : 0)).trim();
        if (!cell.endsWith("]")) throw new Rejection(RejectReason.INVALID, "unterminated array '" + cell + "'");
        if (inner.isEmpty()) return new double[0];
        String[] parts = inner.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Rejection(RejectReason.INVALID, "array '" + cell + "' must hold only numbers");
            }
        }
        return values;
    }

    private static String[] cells(byte[] buffer, int offset, int length) {
        try (MappingIterator<String[]> rows = CELLS.readValues(buffer, offset, length)) {
            if (!rows.hasNext()) return new String[] {""};
            return rows.next();
        } catch (IOException | RuntimeException e) {
            throw new Rejection(RejectReason.MALFORMED, "not a valid CSV row: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static Rejection missingColumn(String what, String name, List<String> names) {
        return new Rejection(RejectReason.INVALID, "the header has no " + what + " column '" + name + "' (columns: "
                + String.join(", ", new ArrayList<>(names)) + "); name yours with --" + what + "-column");
    }

    static String decode(byte[] buffer, int offset, int length) {
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }
}
