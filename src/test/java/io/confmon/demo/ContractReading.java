package io.confmon.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a sent record the way the contract says confmon must: which id, time, class and weight it
 * stands for, or why it is rejected. Written from the contract's text alone (not from confmon's
 * decoder), so the oracle and confmon can disagree and a test can notice.
 */
final class ContractReading {
    /** The contract's plausible epoch-ms range: seconds or microseconds by mistake fall outside. */
    private static final long MIN_TS = 1_000_000_000_000L;
    private static final long MAX_TS = 10_000_000_000_000L;
    private static final int MAX_ID_BYTES = 256;
    private static final int MAX_MODEL_BYTES = 128;
    private static final double DEFAULT_THRESHOLD = 0.5;
    static final long DEFAULT_UNITS = 1_000_000L;
    /** A label without a weight loses weight ties to any label with one, and leaves the prediction's weight. */
    static final long NO_WEIGHT = -1;

    sealed interface Reading permits Pred, Lbl, Rejected {}

    record Pred(String id, String model, long ts, String predicted, long units) implements Reading {}

    /** @param model null for every model; the class is kept as given and resolved per model. */
    record Lbl(String id, String model, long ts, String actualName, int actualIndex, long units) implements Reading {
        /** The class for a model with this class list (null: learned), or null when it does not fit. */
        String resolve(List<String> classes) {
            if (actualName != null) return classes == null || classes.contains(actualName) ? actualName : null;
            if (classes == null) return actualIndex >= 0 ? Integer.toString(actualIndex) : null;
            return actualIndex >= 0 && actualIndex < classes.size() ? classes.get(actualIndex) : null;
        }
    }

    /** @param model the model it names, or null when it names none (or none readable) */
    record Rejected(String model, String reason) implements Reading {}

    private final Function<String, List<String>> classesOf;

    ContractReading(Function<String, List<String>> classesOf) {
        this.classesOf = classesOf;
    }

    Reading read(SentEvent sent) {
        DemoEvent event = sent.event();
        if (event instanceof PredictionEvent p) return prediction(sent, p);
        if (event instanceof LabelEvent l) return label(sent, l);
        return new Rejected(((GarbageEvent) event).model(), "malformed");
    }

    private Reading prediction(SentEvent sent, PredictionEvent p) {
        String id = p.id() != null ? p.id() : keyString(sent);
        String model = p.model();
        String problem = commonProblem(id, model, true, p.ts(), sent.timestamp(), p.weight());
        if (problem != null) return new Rejected(fits(model), problem);
        List<String> classes = classesOf.apply(model);
        String predicted;
        if (p.scores() != null && (p.scores().length == 0 || hasNaN(p.scores()))) return new Rejected(model, "invalid");
        if (p.predicted() != null) {
            if (classes != null && !classes.contains(p.predicted())) return new Rejected(model, "unknown_class");
            predicted = p.predicted();
        } else if (p.scores() != null) {
            double[] s = p.scores();
            if (classes != null && s.length != classes.size() && !(s.length == 1 && classes.size() == 2)) {
                return new Rejected(model, "unknown_class");
            }
            int index = s.length == 1 ? (s[0] > DEFAULT_THRESHOLD ? 1 : 0) : argmax(s);
            predicted = classes == null ? Integer.toString(index) : classes.get(index);
        } else {
            return new Rejected(model, "invalid");
        }
        long ts = p.ts() != null ? p.ts() : sent.timestamp();
        return new Pred(id, model, ts, predicted, p.weight() == null ? DEFAULT_UNITS : units(p.weight()));
    }

    private Reading label(SentEvent sent, LabelEvent l) {
        String id = l.id() != null ? l.id() : keyString(sent);
        String problem = commonProblem(id, l.model(), false, l.ts(), sent.timestamp(), l.weight());
        if (problem != null) return new Rejected(fits(l.model()), problem);
        Lbl label = new Lbl(id, l.model(), l.ts() != null ? l.ts() : sent.timestamp(),
                l.actual(), l.actualIndex() == null ? -1 : l.actualIndex(), l.weight() == null ? NO_WEIGHT : units(l.weight()));
        if (l.actual() == null && l.actualIndex() < 0) return new Rejected(l.model(), "invalid");
        // A label for one model is checked against that model's classes on arrival; one for every model, per model at the join.
        if (l.model() != null && label.resolve(classesOf.apply(l.model())) == null) return new Rejected(l.model(), "unknown_class");
        return label;
    }

    /** The reason code for what predictions and labels share, or null when that much is fine. */
    private static String commonProblem(String id, String model, boolean modelRequired, Long ts, long recordTs, Double weight) {
        if (id == null || (modelRequired && model == null)) return "invalid";
        if (utf8Length(id) > MAX_ID_BYTES || (model != null && utf8Length(model) > MAX_MODEL_BYTES)) return "too_large";
        long t = ts != null ? ts : recordTs;
        if (t < MIN_TS || t > MAX_TS) return "bad_timestamp";
        if (weight != null && !(Double.isFinite(weight) && weight >= 0)) return "invalid";
        return null;
    }

    /** The model a rejected record is tallied under: only one that could have been a real model name. */
    private static String fits(String model) {
        return model != null && utf8Length(model) <= MAX_MODEL_BYTES ? model : null;
    }

    /** Weights in integer units of 1e-6, rounded, as the contract counts them: sums exact in any order. */
    static long units(double weight) {
        return Math.round(weight * 1e6);
    }

    /** numpy's argmax: the first of equal maxima. */
    private static int argmax(double[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return best;
    }

    private static boolean hasNaN(double[] s) {
        for (double x : s) if (Double.isNaN(x)) return true;
        return false;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The record key as text: the contract lets an event's id fall back to it. */
    private static String keyString(SentEvent sent) {
        return sent.key() == null ? null : new String(sent.key(), StandardCharsets.UTF_8);
    }
}
