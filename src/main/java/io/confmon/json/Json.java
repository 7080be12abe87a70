package io.confmon.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.confmon.matrix.ExpectedMatrix;
import io.confmon.matrix.MatrixDocument;
import java.util.Map;

/** The project's JSON: one mapper for documents, one streaming factory for the decoders' hot paths. */
public final class Json {
    /** Records as they are, fields in declaration order, nulls written (the contract shows them). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addMixIn(MatrixDocument.class, AbsentWhenNone.class)
            .addMixIn(ExpectedMatrix.class, AbsentWhenNone.class)
            .build();

    /**
     * The contract's optional parts of a matrix document are absent, not null, when there are none
     * (the expected matrices without probabilities, the calibration gap outside {@code
     * expectedLabelled}); the matrix package stays plain Java, so the rule is stated here.
     */
    private abstract static class AbsentWhenNone {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract ExpectedMatrix expected();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract ExpectedMatrix expectedLabelled();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Map<String, Double> calibrationGap();
    }

    /** Streaming parsers for events and evaluate's rows: no tree per record, and the fast double parser for scores and weights. */
    public static final JsonFactory PARSERS = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private Json() {}
}
