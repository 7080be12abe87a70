package io.confmon.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confmon.event.EventDecoder;
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
 * Decodes both input topics into {@link Decoded}. A valid event goes on keyed by its id, stamped
 * with its event time (so stream time downstream is event time, whatever the producers' clocks).
 * A record that breaks the contract goes on unchanged to the DLQ, with the contract's headers,
 * and a notice of it goes to the join so the model's dead-letter count is kept in state. With
 * the direct join, an event already in its id's partition goes straight to the join, skipping
 * by-id, and the decoding was done when its timestamp was extracted ({@link EventTimeExtractor}).
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], Decoded> {
    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The headers of every event handed on: none (a {@link Record} copies the headers it is given). */
    private static final Headers NO_HEADERS = new RecordHeaders();

    private final TopologySettings settings;
    private final EventDecoder decoder;
    private final Listeners listeners;
    /** Where the direct path's records were decoded (to find their event time); null without it. */
    private final EventTimeExtractor decoded;
    private ProcessorContext<byte[], Decoded> context;

    DecodeProcessor(TopologySettings settings, Listeners listeners, EventTimeExtractor decoded) {
        this.settings = settings;
        this.decoder = new EventDecoder(settings.models());
        this.listeners = listeners;
        this.decoded = decoded;
    }

    @Override
    public void init(ProcessorContext<byte[], Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        DecodedInput in = decoded == null
                ? DecodedInput.decode(decoder, source.topic().equals(settings.labelsTopic()), record.key(), record.value(),
                        record.timestamp(), source.offset())
                : decoded.take(source.topic(), source.partition(), source.offset());
        if (!in.valid()) {
            reject(record.withTimestamp(in.recordTs()), source, in.rejection());
            return;
        }
        byte[] id = utf8(in.id());
        boolean direct = settings.directJoin().isLocal(id, source.partition());
        context.forward(new Record<>(id, new Decoded.Event(in.event()), in.eventTs(), NO_HEADERS),
                direct ? Names.JOIN_INPUT : Names.BY_ID_ENTRY);
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
        long ts = Math.max(0, record.timestamp());
        context.forward(new Record<>(record.key(), new Decoded.Rejected(value), ts, headers), Names.DLQ_SINK);
        String model = modelOf(record.value());
        // Timestamp 0: the notice must not move the join's stream time (event time), which a bad
        // record's producer-clock timestamp would, expiring every entry and bucket before it.
        context.forward(new Record<>(utf8("dead-letter|" + model),
                new Decoded.Event(new InternalEvent.DeadLetter(model, r.reason().code())), 0L, NO_HEADERS), Names.BY_ID_ENTRY);
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
