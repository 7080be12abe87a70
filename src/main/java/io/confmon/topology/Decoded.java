package io.confmon.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the decoder hands on, in memory: a record for the DLQ, or an event for the join (which
 * skips by-id when it already sits in its id's partition). Nothing is encoded until a record
 * leaves the task; an event joined where it was read is never encoded at all. The serde is the
 * one owner of what these look like on the DLQ and by-id topics.
 */
sealed interface Decoded permits Decoded.Rejected, Decoded.Event, Decoded.Encoded {

    /** An input record that breaks the contract, as it was read (its headers travel on the record). */
    record Rejected(byte[] value) implements Decoded {}

    /** A decoded event bound for the join, through by-id or directly (already in the task that joins its id). */
    record Event(InternalEvent event) implements Decoded {}

    /** An event as read back from by-id: decoded by the join, which knows its id (the record key). */
    record Encoded(byte[] bytes) implements Decoded {
        InternalEvent decode(String id) {
            return InternalEvent.decode(id, bytes);
        }
    }

    /** The id of a join input: a direct event's as decoded (no second copy from the key's bytes), else the key's. */
    static String idOf(byte[] key, Decoded d) {
        if (d instanceof Event e) {
            if (e.event() instanceof InternalEvent.OfPrediction p) return p.prediction().id();
            if (e.event() instanceof InternalEvent.OfLabel l) return l.label().id();
        }
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The event of a join input, whichever path it took. */
    static InternalEvent eventOf(String id, Decoded d) {
        if (d instanceof Event e) return e.event();
        if (d instanceof Encoded e) return e.decode(id);
        throw new IllegalStateException("a rejected record reached the join");
    }

    /** By-id's values: an event in {@link InternalEvent}'s layout (0.1.0's under upgrade.from=0.1). */
    static Serde<Decoded> byIdSerde(UpgradeFrom upgradeFrom) {
        Serializer<Decoded> out = (topic, d) -> InternalEvent.encode(((Event) d).event(), upgradeFrom);
        Deserializer<Decoded> in = (topic, bytes) -> new Encoded(bytes);
        return Serdes.serdeFrom(out, in);
    }

    /** The DLQ's values: the rejected record's own bytes, unchanged (an absent value as empty). */
    static Serde<Decoded> dlqSerde() {
        Serializer<Decoded> out = (topic, d) -> ((Rejected) d).value();
        Deserializer<Decoded> in = (topic, bytes) -> new Rejected(bytes);
        return Serdes.serdeFrom(out, in);
    }
}
