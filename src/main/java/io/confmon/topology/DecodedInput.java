package io.confmon.topology;

import io.confmon.event.EventDecoder;
import io.confmon.event.Label;
import io.confmon.event.Prediction;
import io.confmon.event.Rejection;

/**
 * One input record decoded: the event it carries with its id and event time, or the rejection
 * that sends it to the DLQ; with the record's own timestamp, which a rejected record keeps.
 */
record DecodedInput(long offset, long recordTs, InternalEvent event, String id, long eventTs, Rejection rejection) {

    static DecodedInput decode(EventDecoder decoder, boolean isLabel, byte[] key, byte[] value, long recordTs, long offset) {
        try {
            if (isLabel) {
                Label l = decoder.label(key, value, recordTs);
                return new DecodedInput(offset, recordTs, new InternalEvent.OfLabel(l), l.id(), l.ts(), null);
            }
            Prediction p = decoder.prediction(key, value, recordTs);
            return new DecodedInput(offset, recordTs, new InternalEvent.OfPrediction(p), p.id(), p.ts(), null);
        } catch (Rejection r) {
            return new DecodedInput(offset, recordTs, null, null, 0L, r);
        }
    }

    boolean valid() {
        return rejection == null;
    }
}
