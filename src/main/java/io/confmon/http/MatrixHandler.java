package io.confmon.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.confmon.json.Json;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/v1/models/{model}/matrix}, {@code heatmap.png} and {@code heatmap.svg}: answered
 * here when this instance holds the model, else by the instance that does.
 */
final class MatrixHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/models/";

    private final ApiContext api;
    private final Forwarder forwarder;

    MatrixHandler(ApiContext api, Forwarder forwarder) {
        this.api = api;
        this.forwarder = forwarder;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        int slash = path.lastIndexOf('/');
        if (!path.startsWith(PREFIX) || slash <= PREFIX.length()) {
            Exchanges.error(ex, 404, "no such resource: try /api/v1/models/{model}/matrix, heatmap.png or heatmap.svg");
            return;
        }
        String model = QueryText.decode("model name", path.substring(PREFIX.length(), slash));
        String resource = path.substring(slash + 1);
        if (!resource.equals("matrix") && !resource.equals("heatmap.png") && !resource.equals("heatmap.svg")) {
            Exchanges.error(ex, 404, "no such resource '" + resource + "': use matrix, heatmap.png or heatmap.svg");
            return;
        }
        MatrixQuery query = MatrixQuery.parse(ex.getRequestURI().getRawQuery(), api.clock().millis(), api.bucketMs());
        if (resource.equals("matrix") && !query.of().equals("counts")) {
            Exchanges.error(ex, 400, "of applies to heatmaps: the matrix document carries counts, expected and expectedLabelled together");
            return;
        }
        HostInfo owner = api.locator().ownerOf(model);
        if (!api.locator().isLocal(owner)) {
            // Forwarded here, yet this instance says another holds it: the two disagree while it moves.
            if (forwarder.wasForwarded(ex)) throw moving(model);
            forwarder.forward(ex, owner);
            return;
        }
        if (!api.presence().holds(model)) {
            Exchanges.error(ex, 404, "unknown model '" + model + "': GET /api/v1/models lists the models seen");
            return;
        }
        ModelView view = api.local().view(model, query.range(), query.slice());
        // The totals and the buckets are read one after the other: had the model's task moved away in
        // between, the buckets would have read empty. Never a partial matrix: ask again.
        if (!api.presence().holds(model) || !api.locator().isLocal(api.locator().ownerOf(model))) throw moving(model);
        MatrixDocument doc = MatrixDocument.of(model, query.range().from(), query.range().to(), view.matrix(), query.normalization())
                .withExpected(view.matrix(), view.expected(), view.expectedLabelled());
        if (resource.equals("matrix")) {
            Exchanges.json(ex, 200, withCoverage(doc, view));
            return;
        }
        MatrixDocument drawn = query.of().equals("counts") ? doc : expectedDocument(model, query, view);
        if (resource.equals("heatmap.png")) Exchanges.bytes(ex, 200, "image/png", HeatmapRenderer.png(drawn, options(query, view)));
        else Exchanges.text(ex, 200, "image/svg+xml", HeatmapRenderer.svg(drawn, options(query, view)));
    }

    /** An expected matrix drawn as a heatmap; empty (over the view's classes) where no prediction had probabilities. */
    private static MatrixDocument expectedDocument(String model, MatrixQuery query, ModelView view) {
        ConfusionMatrix m = query.of().equals("expected") ? view.expected() : view.expectedLabelled();
        if (m == null) m = new ConfusionMatrix(view.matrix().classes());
        return MatrixDocument.of(model, query.range().from(), query.range().to(), m, query.normalization());
    }

    private static NotReadyException moving(String model) {
        return new NotReadyException("the state of " + model + " is moving between instances", null);
    }

    /**
     * The contract's document plus what only the live monitor knows of the range: how many
     * predictions fell in it and which share of them has a label ({@code null} without predictions).
     */
    private static ObjectNode withCoverage(MatrixDocument doc, ModelView view) {
        ObjectNode json = Json.MAPPER.valueToTree(doc);
        json.put("predictions", view.predictions());
        if (view.predictions() > 0) json.put("labelCoverage", view.coverage());
        else json.putNull("labelCoverage");
        return json;
    }

    private static HeatmapOptions options(MatrixQuery query, ModelView view) {
        String window = query.range().from() == null ? "whole history"
                : Instant.ofEpochMilli(query.range().from()) + " .. " + Instant.ofEpochMilli(query.range().to());
        String what = switch (query.of()) {
            case "expected" -> " · expected, labelled or not";
            case "expectedLabelled" -> " · expected, labelled only";
            default -> " · label coverage " + Math.round(view.coverage() * 100) + "%";
        };
        return HeatmapOptions.defaults().withNormalization(query.normalization()).withSubtitle(window + what);
    }
}
