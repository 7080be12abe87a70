package io.confmon.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confmon.event.EventDecoder;
import io.confmon.event.Label;
import io.confmon.event.Prediction;
import io.confmon.event.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes both input topics. A valid event goes on keyed by its id, stamped with its event time
 * (so stream time downstream is event time, whatever the producers' clocks). A record that breaks
 * the contract goes on unchanged, marked for the DLQ, with the contract's headers, and a notice of
 * it goes to the join so the model's dead-letter count is kept in state.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** First byte of a value bound for the DLQ; internal events start with their type, never 0. */
    static final byte DEAD_LETTER_MARK = 0;

    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologySettings settings;
    private final EventDecoder decoder;
    private final Listeners listeners;
    private ProcessorContext<byte[], byte[]> context;

    DecodeProcessor(TopologySettings settings, Listeners listeners) {
        this.settings = settings;
        this.decoder = new EventDecoder(settings.models());
        this.listeners = listeners;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            InternalEvent event;
            String id;
            long ts;
            if (source.topic().equals(settings.labelsTopic())) {
                Label l = decoder.label(record.key(), record.value(), record.timestamp());
                event = new InternalEvent.OfLabel(l);
                id = l.id();
                ts = l.ts();
            } else {
                Prediction p = decoder.prediction(record.key(), record.value(), record.timestamp());
                event = new InternalEvent.OfPrediction(p);
                id = p.id();
                ts = p.ts();
            }
            context.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8), InternalEvent.encode(event, settings.upgradeFrom()), ts, new RecordHeaders()));
        } catch (Rejection r) {
            reject(record, source, r);
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata source, Rejection r) {
        log.warn("dead letter from {}-{}@{}: {} ({})", source.topic(), source.partition(), source.offset(), r.reason().code(), r.detail());
        listeners.deadLetter(source.topic(), r.reason().code());
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add("confmon.error", utf8(r.reason().code()));
        headers.add("confmon.detail", utf8(r.detail()));
        headers.add("confmon.source.topic", utf8(source.topic()));
        headers.add("confmon.source.partition", utf8(Integer.toString(source.partition())));
        headers.add("confmon.source.offset", utf8(Long.toString(source.offset())));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        byte[] marked = new byte[value.length + 1];
        marked[0] = DEAD_LETTER_MARK;
        System.arraycopy(value, 0, marked, 1, value.length);
        long ts = Math.max(0, record.timestamp());
        context.forward(new Record<>(record.key(), marked, ts, headers));
        String model = modelOf(record.value());
        // Timestamp 0: the notice must not move the join's stream time (event time), which a bad
        // record's producer-clock timestamp would, expiring every entry and bucket before it.
        context.forward(new Record<>(utf8("dead-letter|" + model),
                InternalEvent.encode(new InternalEvent.DeadLetter(model, r.reason().code()), settings.upgradeFrom()), 0L, new RecordHeaders()));
    }

    /** The model a rejected record names, when it is readable JSON that names one; else "". */
    private static String modelOf(byte[] value) {
        if (value == null || value.length == 0 || value[0] != '{') return "";
        try {
            JsonNode model = JSON.readTree(value).get("model");
            return model != null && model.isTextual() && model.textValue().length() <= EventDecoder.MAX_MODEL_BYTES
                    ? model.textValue() : "";
        } catch (java.io.IOException | RuntimeException e) {
            // Best effort: a record too broken to name its model is counted under no model.
            return "";
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
