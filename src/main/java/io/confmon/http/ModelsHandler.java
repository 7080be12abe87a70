package io.confmon.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.confmon.json.Json;
import io.confmon.view.ModelSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/** {@code GET /api/v1/models}: every model of every instance, with its pipeline counts. */
final class ModelsHandler implements HttpHandler {
    private final ApiContext api;
    private final Forwarder forwarder;

    ModelsHandler(ApiContext api, Forwarder forwarder) {
        this.api = api;
        this.forwarder = forwarder;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        List<ModelSummary> all = new ArrayList<>();
        for (String model : api.local().models()) all.add(api.local().summary(model));
        if (!forwarder.wasForwarded(ex)) {
            for (HostInfo other : api.locator().others()) {
                all.addAll(Json.MAPPER.readValue(forwarder.get(other, "/api/v1/models"), new TypeReference<List<ModelSummary>>() {}));
            }
        }
        all.sort(Comparator.comparing(ModelSummary::model));
        Exchanges.json(ex, 200, all);
    }
}
