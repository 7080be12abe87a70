package io.confmon.evaluate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.confmon.event.RejectReason;
import io.confmon.event.JsonValues;
import io.confmon.event.Rejection;
import io.confmon.json.Json;
import java.io.IOException;

/**
 * A JSON Lines row: one object per line. Read with Jackson's streaming parser, picking out the
 * configured fields and skipping the rest, so no tree is built per row; each value is read by
 * {@link JsonValues}, as live events are.
 */
final class JsonLineFormat implements LineFormat {
    private final Columns columns;

    JsonLineFormat(Columns columns) {
        this.columns = columns;
    }

    @Override
    public LineFormat copy() {
        return new JsonLineFormat(columns);
    }

    @Override
    public void parse(byte[] buffer, int offset, int length, Row row) {
        try (JsonParser p = Json.PARSERS.createParser(buffer, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw notAnObject();
            readFields(p, row, 0);
            if (p.nextToken() != null) throw new Rejection(RejectReason.MALFORMED, "more than one JSON value on the line");
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory line cannot fail", e);
        }
    }

    /**
     * One parser over the whole block: creating a parser per line costs more than parsing the
     * line. Each object must start on a line of its own and end on it, as JSON Lines says.
     */
    @Override
    public int forEachRow(byte[] data, int end, Row row, RowSink sink) {
        int objectLine = 0;
        int lastLine = 0;
        try (JsonParser p = Json.PARSERS.createParser(data, 0, end)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                objectLine = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) throw new LineFormat.LineRejection(objectLine, "each line must be one JSON object");
                if (objectLine == lastLine) throw new LineFormat.LineRejection(objectLine, "more than one JSON value on the line");
                row.clear();
                try {
                    readFields(p, row, objectLine);
                    if (p.currentLocation().getLineNr() != objectLine) {
                        throw new Rejection(RejectReason.MALFORMED, "a JSON object must end on the line it starts on");
                    }
                    sink.accept(row);
                } catch (Rejection r) {
                    throw new LineFormat.LineRejection(objectLine, r.detail());
                }
                lastLine = objectLine;
            }
            int lines = p.currentLocation().getLineNr();
            return end > 0 && data[end - 1] == '\n' ? lines - 1 : lines;
        } catch (JsonProcessingException e) {
            int line = objectLine > lastLine ? objectLine : e.getLocation() != null ? e.getLocation().getLineNr() : lastLine + 1;
            throw new LineFormat.LineRejection(line, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory block cannot fail", e);
        }
    }

    /** @param line the line the object started on, to catch a line that ends inside it; 0 when parsing one line */
    private void readFields(JsonParser p, Row row, int line) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (line > 0 && p.currentTokenLocation().getLineNr() != line) {
                throw new Rejection(RejectReason.MALFORMED, "not valid JSON: the line ends inside an object");
            }
            if (field.equals(columns.actual())) row.actual = JsonValues.classValue(p, v, field);
            else if (field.equals(columns.predicted())) row.predicted = JsonValues.classValue(p, v, field);
            else if (field.equals(columns.scores())) row.scores = JsonValues.classValue(p, v, field);
            else if (field.equals(columns.weight())) {
                row.weight = JsonValues.number(p, v, field);
                row.weightSeen = true;
            } else p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) throw notAnObject();
    }

    private static Rejection notAnObject() {
        return new Rejection(RejectReason.MALFORMED, "each line must be one JSON object");
    }
}
