package io.confmon.metrics;

import io.confmon.topology.PipelineCounter;
import java.util.List;

/**
 * The contract's Prometheus metrics that {@link ConfusionMeterBinder} exports, with the labels
 * every series of the name carries (Prometheus wants one label set per name). Counter names lack
 * {@code _total}: Micrometer's Prometheus registry appends it.
 */
enum Metric {
    CONFUSION("confmon_confusion", Kind.GAUGE, "Weighted count of predictions of class predicted whose label is class actual, in the rolling view",
            "model", "window", "actual", "predicted"),
    CONFUSION_RATIO("confmon_confusion_ratio", Kind.GAUGE, "The cell divided by its actual row's total (0 for an empty row), in the rolling view",
            "model", "window", "actual", "predicted"),
    CLASS_PRECISION("confmon_class_precision", Kind.GAUGE, "Precision of the class in the rolling view (0 when nothing was predicted as it)",
            "model", "window", "class"),
    CLASS_RECALL("confmon_class_recall", Kind.GAUGE, "Recall of the class in the rolling view (0 when it has no rows)",
            "model", "window", "class"),
    CLASS_F1("confmon_class_f1", Kind.GAUGE, "F1 score of the class in the rolling view",
            "model", "window", "class"),
    CLASS_SUPPORT("confmon_class_support", Kind.GAUGE, "Weighted rows whose label is the class in the rolling view (the confusion ratio's denominator)",
            "model", "window", "class"),
    ACCURACY("confmon_accuracy", Kind.GAUGE, "Accuracy of the rolling view (absent while the view is empty)",
            "model", "window"),
    LABEL_COVERAGE("confmon_label_coverage", Kind.GAUGE, "Labelled / predicted predictions in the rolling view (absent without predictions)",
            "model", "window"),
    CONFUSION_EXPECTED("confmon_confusion_expected", Kind.GAUGE,
            "Expected weight of the cell from the predictions' probabilities, labelled or not, in the rolling view",
            "model", "window", "actual", "predicted"),
    ACCURACY_EXPECTED("confmon_accuracy_expected", Kind.GAUGE,
            "Accuracy the predictions' probabilities promise in the rolling view, labelled or not (absent without probabilities)",
            "model", "window"),
    CALIBRATION_GAP("confmon_calibration_gap", Kind.GAUGE,
            "Realized recall of the class minus the recall the probabilities promised on the same labelled rows, in the rolling view",
            "model", "window", "class"),
    PENDING("confmon_pending", Kind.GAUGE, "Predictions waiting for a label", "model"),
    JOINED("confmon_joined", Kind.COUNTER, "Prediction and label pairs counted into the matrix", "model"),
    EXPIRED("confmon_expired", Kind.COUNTER, "Predictions dropped unlabelled once the label horizon passed", "model"),
    ORPHAN_EXPIRED("confmon_orphan_expired", Kind.COUNTER, "Labels dropped without a prediction once the label horizon passed", "model"),
    LATE("confmon_late", Kind.COUNTER, "Labels later than the label horizon after their prediction, not joined", "model"),
    DUPLICATE("confmon_duplicate", Kind.COUNTER, "Repeated predictions or labels that changed nothing", "model"),
    CORRECTION("confmon_correction", Kind.COUNTER, "Labels that replaced a counted label with another class or weight", "model");

    enum Kind { GAUGE, COUNTER }

    /** The counters read from a model's pipeline totals, with the count each reads. */
    static final List<Metric> PIPELINE_COUNTERS = List.of(JOINED, EXPIRED, ORPHAN_EXPIRED, LATE, DUPLICATE, CORRECTION);

    private final String prometheusName;
    private final Kind kind;
    private final String description;
    private final List<String> labels;

    Metric(String prometheusName, Kind kind, String description, String... labels) {
        this.prometheusName = prometheusName;
        this.kind = kind;
        this.description = description;
        this.labels = List.of(labels);
    }

    String prometheusName() {
        return prometheusName;
    }

    Kind kind() {
        return kind;
    }

    String description() {
        return description;
    }

    List<String> labels() {
        return labels;
    }

    /** Whether the metric is per view, and so also exported per slice. */
    boolean perView() {
        return labels.contains("window");
    }

    /** The pipeline count a counter reads. */
    PipelineCounter pipelineCounter() {
        return PipelineCounter.valueOf(name());
    }
}
