package io.confmon.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Names and values that are data, whatever their characters: the contract says any Unicode string
 * within the size limits is stored, queried, exported and drawn as it is. Generated from a fixed
 * seed: delimiters of every format confmon ever used or could use ({@code , = | : 0x00}), quotes,
 * markup, whitespace, non-ASCII and emoji (surrogate pairs), and names at the size limits (a
 * 256-byte id, a 128-byte model). Events are written as JSON with every non-ASCII character as a
 * {@code \\uXXXX} escape, as any JSON producer may.
 */
public final class AwkwardCorpus {
    /** Pieces every generated string is made of. */
    private static final List<String> PIECES = List.of(
            "a,b", "k=v", "x|y", "p:q", "\"dq\"", "'sq'", "<b>&amp;", "</svg>", "nul\u0000nul", "tab\tnl\nx",
            "back\\slash", "100%", "+plus", "sp ace", "?q=1&r=2", "#h", "/sl/", "caf\u00e9", "\u65e5\u672c\u8a9e",
            "\ud83d\ude00\ud83c\udf89", "\u00e9=\u00e8,\u00fc");

    /** Slice keys the corpus uses (also awkward as Prometheus label names). */
    public static final String REGION = "region";
    public static final String DEVICE = "device";

    /** One prediction and its label. */
    public record Pair(String id, String model, String predicted, String actual, Map<String, String> slice) {}

    private AwkwardCorpus() {}

    /**
     * Model names: every other piece, "m nul" next to "m nul\0nul" (0.1.0's bucket key put a 0x00
     * after the model), an emoji, and one of exactly 128 UTF-8 bytes ending in a 2-byte character.
     */
    public static List<String> models() {
        List<String> models = new ArrayList<>();
        for (int i = 0; i < PIECES.size(); i += 2) models.add("m " + PIECES.get(i));
        models.add("m nul");
        models.add("m \ud83d\ude00");
        models.add("m" + "x".repeat(125) + "\u00e9");
        return models;
    }

    /** Class names: each piece once, so every awkward character shows as a class in some matrix. */
    public static List<String> classes() {
        return PIECES;
    }

    public static List<String> sliceValues() {
        List<String> values = new ArrayList<>(PIECES);
        values.add("");
        return values;
    }

    /** {@code perModel} pairs for every model; ids unique, some of exactly 256 UTF-8 bytes. */
    public static List<Pair> pairs(int perModel, long seed) {
        Random random = new Random(seed);
        List<Pair> pairs = new ArrayList<>();
        List<String> classes = classes();
        List<String> values = sliceValues();
        int n = 0;
        for (String model : models()) {
            for (int k = 0; k < perModel; k++, n++) {
                String id = n % 5 == 0 ? longId(n) : PIECES.get(n % PIECES.size()) + "#" + n;
                Map<String, String> slice = new TreeMap<>();
                slice.put(REGION, values.get(random.nextInt(values.size())));
                if (random.nextBoolean()) slice.put(DEVICE, values.get(random.nextInt(values.size())));
                pairs.add(new Pair(id, model, classes.get(random.nextInt(classes.size())),
                        classes.get(random.nextInt(classes.size())), slice));
            }
        }
        return pairs;
    }

    /** A 256-byte id (3-byte characters and a number). */
    private static String longId(int n) {
        String tail = "#" + n;
        StringBuilder b = new StringBuilder(tail);
        while (b.toString().getBytes(StandardCharsets.UTF_8).length + 3 <= 256) b.insert(0, '\u65e5');
        while (b.toString().getBytes(StandardCharsets.UTF_8).length < 256) b.insert(0, ',');
        return b.toString();
    }

    public static String predictionJson(Pair p, long ts) {
        StringBuilder slice = new StringBuilder("{");
        p.slice().forEach((k, v) -> slice.append(slice.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
        slice.append('}');
        return String.format(Locale.ROOT, "{\"id\":%s,\"model\":%s,\"ts\":%d,\"predicted\":%s,\"slice\":%s}",
                quote(p.id()), quote(p.model()), ts, quote(p.predicted()), slice);
    }

    public static String labelJson(Pair p, long ts) {
        return String.format(Locale.ROOT, "{\"id\":%s,\"model\":%s,\"ts\":%d,\"actual\":%s}", quote(p.id()), quote(p.model()), ts,
                quote(p.actual()));
    }

    /** The expected matrix cells (actual -> predicted -> count) of a model, over the pairs whose slice holds the filter. */
    public static Map<String, Map<String, Long>> cells(List<Pair> pairs, String model, Map<String, String> filter) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Pair p : pairs) {
            if (!p.model().equals(model)) continue;
            boolean matches = filter.entrySet().stream().allMatch(f -> f.getValue().equals(p.slice().get(f.getKey())));
            if (matches) out.computeIfAbsent(p.actual(), a -> new TreeMap<>()).merge(p.predicted(), 1L, Long::sum);
        }
        return out;
    }

    /** A JSON string literal with every character outside printable ASCII escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c >= 0x7F) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
