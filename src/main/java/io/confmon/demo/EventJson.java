package io.confmon.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confmon.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes demo events as the contract's JSON, leaving out the fields an event does not give. */
public final class EventJson {
    private EventJson() {}

    public static byte[] encode(DemoEvent event) {
        if (event instanceof PredictionEvent p) return write(prediction(p));
        if (event instanceof LabelEvent l) return write(label(l));
        return ((GarbageEvent) event).text().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode prediction(PredictionEvent p) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (p.id() != null) node.put("id", p.id());
        if (p.model() != null) node.put("model", p.model());
        if (p.ts() != null) node.put("ts", p.ts());
        if (p.predicted() != null) node.put("predicted", p.predicted());
        if (p.scores() != null) {
            ArrayNode scores = node.putArray("scores");
            for (double s : p.scores()) scores.add(s);
        }
        if (p.weight() != null) node.put("weight", p.weight());
        return node;
    }

    private static ObjectNode label(LabelEvent l) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (l.id() != null) node.put("id", l.id());
        if (l.model() != null) node.put("model", l.model());
        if (l.ts() != null) node.put("ts", l.ts());
        if (l.actual() != null) node.put("actual", l.actual());
        else node.put("actual", l.actualIndex());
        if (l.weight() != null) node.put("weight", l.weight());
        return node;
    }

    private static byte[] write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write a demo event as JSON", e);
        }
    }
}
