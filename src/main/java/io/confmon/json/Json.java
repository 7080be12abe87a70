package io.confmon.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The project's JSON: one mapper for documents, one streaming factory for the decoders' hot paths. */
public final class Json {
    /** Records as they are, fields in declaration order, nulls written (the contract shows them). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** Streaming parsers for events and evaluate's rows: no tree per record, and the fast double parser for scores and weights. */
    public static final JsonFactory PARSERS = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private Json() {}
}
