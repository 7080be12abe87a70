package io.confmon.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confmon.event.EventDecoder;
import io.confmon.event.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * it goes to the join so the model's dead-letter count is kept in state. With the direct join, an
 * event already in its id's partition is marked to skip by-id, and the decoding was done when its
 * timestamp was extracted ({@link EventTimeExtractor}).
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** First byte of a value bound for the DLQ; internal events start with their type, never 0. */
    static final byte DEAD_LETTER_MARK = 0;
    /**
     * First byte of an event already in the task that joins its id ({@link DirectJoin}), which
     * skips by-id. Internal events start with a layout version (0xF5) or 0.1.0's type (1..3), never this.
     */
    static final byte DIRECT_MARK = 0x44;

    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologySettings settings;
    private final EventDecoder decoder;
    private final Listeners listeners;
    /** Where the direct path's records were decoded (to find their event time); null without it. */
    private final EventTimeExtractor decoded;
    private ProcessorContext<byte[], byte[]> context;

    DecodeProcessor(TopologySettings settings, Listeners listeners, EventTimeExtractor decoded) {
        this.settings = settings;
        this.decoder = new EventDecoder(settings.models());
        this.listeners = listeners;
        this.decoded = decoded;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
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
        byte[] event = InternalEvent.encode(in.event(), settings.upgradeFrom());
        if (settings.directJoin().isLocal(id, source.partition())) event = mark(DIRECT_MARK, event);
        context.forward(new Record<>(id, event, in.eventTs(), new RecordHeaders()));
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
        byte[] marked = mark(DEAD_LETTER_MARK, record.value() == null ? new byte[0] : record.value());
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

    private static byte[] mark(byte mark, byte[] value) {
        byte[] marked = new byte[value.length + 1];
        marked[0] = mark;
        System.arraycopy(value, 0, marked, 1, value.length);
        return marked;
    }

    /** The value without its mark. */
    static byte[] unmark(byte[] marked) {
        return Arrays.copyOfRange(marked, 1, marked.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
