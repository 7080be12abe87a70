package io.confmon.demo;

/** Why the simulator sends a record: what the demo's status line counts. */
public enum RecordKind {
    PREDICTION, LABEL, CORRECTION, DUPLICATE, MALFORMED
}
