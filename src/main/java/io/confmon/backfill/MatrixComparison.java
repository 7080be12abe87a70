package io.confmon.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --compare}: a replayed matrix next to the live monitor's for the same range, read from
 * the live monitor's HTTP API (any instance answers for any model), cell by cell with the
 * difference, classes matched by name (a what-if may merge or rename them).
 */
public final class MatrixComparison {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MatrixComparison() {}

    /** The live matrix document of {@code model} over {@code from..to} (null for the whole retained history). */
    public static JsonNode live(String baseUrl, String model, Long from, Long to) throws IOException, InterruptedException {
        String query = from == null && to == null ? "" : "?from=" + (from == null ? 1_000_000_000_000L : from) + "&to=" + (to == null ? 9_000_000_000_000L : to);
        URI uri = URI.create(baseUrl.replaceAll("/+$", "") + "/api/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/matrix" + query);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("the live monitor answered " + r.statusCode() + " for " + uri + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    public static void print(PrintWriter out, String model, ConfusionMatrix replayed, JsonNode live) {
        Map<String, Map<String, Double>> liveCells = new TreeMap<>();
        JsonNode classes = live.path("classes");
        for (int a = 0; a < classes.size(); a++) {
            for (int p = 0; p < classes.size(); p++) {
                double v = live.path("counts").path(a).path(p).asDouble();
                if (v != 0) liveCells.computeIfAbsent(classes.get(a).asText(), k -> new TreeMap<>()).put(classes.get(p).asText(), v);
            }
        }
        Set<String> names = new LinkedHashSet<>(replayed.classes().names());
        classes.forEach(c -> names.add(c.asText()));
        out.printf("%s: replayed (this backfill) vs live, cell by cell (rows actual, columns predicted)%n", model);
        out.printf("  %-20s %-20s %14s %14s %14s%n", "actual", "predicted", "replayed", "live", "difference");
        double replayedTotal = 0;
        double replayedDiagonal = 0;
        for (String a : names) {
            for (String p : names) {
                double r = units(replayed, a, p);
                double l = liveCells.getOrDefault(a, Map.of()).getOrDefault(p, 0.0);
                replayedTotal += r;
                if (a.equals(p)) replayedDiagonal += r;
                if (r == 0 && l == 0) continue;
                out.printf(Locale.ROOT, "  %-20s %-20s %14s %14s %14s%n", a, p, num(r), num(l), num(r - l));
            }
        }
        double liveTotal = live.path("total").asDouble();
        out.printf(Locale.ROOT, "  %-41s %14s %14s %14s%n", "total", num(replayedTotal), num(liveTotal), num(replayedTotal - liveTotal));
        JsonNode liveAccuracy = live.path("metrics").path("accuracy");
        if (replayedTotal > 0 && liveAccuracy.isNumber()) {
            double ra = replayedDiagonal / replayedTotal;
            out.printf(Locale.ROOT, "  %-41s %14.6f %14.6f %14.6f%n", "accuracy", ra, liveAccuracy.asDouble(), ra - liveAccuracy.asDouble());
        }
        out.flush();
    }

    private static double units(ConfusionMatrix m, String actual, String predicted) {
        int a = m.classes().positionOrMinusOne(actual);
        int p = m.classes().positionOrMinusOne(predicted);
        return a < 0 || p < 0 ? 0 : Weights.toWeight(m.units(a, p));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.6f", v);
    }
}
