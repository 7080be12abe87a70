package io.confmon.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.confmon.event.EventDecoder;
import io.confmon.event.ModelSettings;
import io.confmon.event.RejectReason;
import io.confmon.event.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Live events and {@code confmon evaluate}'s JSON Lines rows read their values with one reader
 * ({@link io.confmon.event.JsonValues}): the same bad value is rejected with the same reason and
 * the same words on both paths.
 */
class JsonValuesAgreeTest {
    private static final long TS = 1_763_800_000_000L;
    private static final String[] BAD_CLASSES = {"{}", "true", "1.5", "[1, \"x\"]", "[1, [2]]", "[1, {}]",
        "123456789012345678901234567890"};
    private static final String[] BAD_WEIGHTS = {"\"x\"", "[1]", "{}", "false"};

    @Test
    void aBadClassValueGetsTheSameAnswerFromEventsAndRows() {
        for (String bad : BAD_CLASSES) {
            Rejection event = eventRejection("{\"id\":\"r\",\"model\":\"m\",\"ts\":" + TS + ",\"predicted\":" + bad + "}");
            Rejection row = rowRejection("{\"actual\":\"a\",\"predicted\":" + bad + "}");
            assertThat(row.reason()).as(bad).isEqualTo(RejectReason.INVALID).isEqualTo(event.reason());
            assertThat(row.detail()).as(bad).isEqualTo(event.detail()).startsWith("predicted ");
        }
    }

    @Test
    void aBadWeightGetsTheSameAnswerFromEventsAndRows() {
        for (String bad : BAD_WEIGHTS) {
            Rejection event = eventRejection("{\"id\":\"r\",\"model\":\"m\",\"ts\":" + TS + ",\"predicted\":\"a\",\"weight\":" + bad + "}");
            Rejection row = rowRejection("{\"actual\":\"a\",\"predicted\":\"a\",\"weight\":" + bad + "}");
            assertThat(row.reason()).as(bad).isEqualTo(RejectReason.INVALID).isEqualTo(event.reason());
            assertThat(row.detail()).as(bad).isEqualTo(event.detail()).startsWith("weight must be a number, not ");
        }
    }

    private static Rejection eventRejection(String json) {
        EventDecoder decoder = new EventDecoder(ModelSettings.OPEN);
        return catchThrowableOfType(Rejection.class, () -> decoder.prediction(null, bytes(json), TS));
    }

    private static Rejection rowRejection(String json) {
        byte[] line = bytes(json);
        return catchThrowableOfType(Rejection.class, () -> new JsonLineFormat(Columns.DEFAULT).parse(line, 0, line.length, new Row()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
