package io.confmon.demo;

/**
 * The shares of the awkward things real traffic does, each a probability per request (or per
 * record where it says so). {@link #realistic()} is the demo's; {@link #clean()} turns all of it off.
 *
 * @param unlabelled       requests that never get a label
 * @param corrected        labelled requests whose label is corrected later (a second label, later ts, the other class)
 * @param duplicated       records sent twice, the same bytes (a producer retry), per record
 * @param malformed        requests that also produce a record confmon must reject to the DLQ
 * @param unkeyed          records sent without a key, per record (the id is in the value)
 * @param scoresOnly       predictions that give {@code scores} instead of {@code predicted}
 * @param scoresToo        predictions that give both (predicted wins, and they agree)
 * @param weighted         predictions with a weight other than the default (sometimes an explicit 1.0)
 * @param labelWeighted    labels with their own weight, which wins over the prediction's
 * @param indexLabels      labels giving the class index instead of its name
 * @param modelLessLabels  labels naming no model, so they apply to every model's prediction of the id
 */
public record TrafficMix(double unlabelled, double corrected, double duplicated, double malformed, double unkeyed,
                         double scoresOnly, double scoresToo, double weighted, double labelWeighted,
                         double indexLabels, double modelLessLabels) {
    public TrafficMix {
        double[] all = {unlabelled, corrected, duplicated, malformed, unkeyed, scoresOnly, scoresToo, weighted,
                labelWeighted, indexLabels, modelLessLabels};
        for (double p : all) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("traffic mix shares are probabilities, got " + p);
        }
        if (scoresOnly + scoresToo > 1) throw new IllegalArgumentException("scoresOnly + scoresToo must be at most 1");
    }

    public static TrafficMix realistic() {
        return new TrafficMix(0.08, 0.02, 0.01, 0.002, 0.10, 0.20, 0.05, 0.05, 0.01, 0.10, 0.20);
    }

    /** One prediction and one label per request, each keyed and well formed: the matrix is the classifier's alone. */
    public static TrafficMix clean() {
        return new TrafficMix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
