package io.confmon.topology;

/**
 * Every processor, store and internal topic of the topology, named in one place: generated names
 * change when the topology changes and break upgrades (KIP-372), and tests read these.
 */
public final class Names {
    public static final String SOURCE = "events-source";
    public static final String DECODE = "decode";
    public static final String DLQ_SINK = "dlq-sink";
    /** Repartition by id: both inputs meet here whatever their partition counts and producers' partitioners. */
    public static final String BY_ID = "by-id";
    /** The first node of by-id, as Kafka Streams names it (its null-key filter): where the decoder sends an event to repartition. */
    static final String BY_ID_ENTRY = BY_ID + "-repartition-filter";
    /** Into the join: by-id's events, and the decoder's events already in their id's partition ({@link DirectJoin}). */
    public static final String JOIN_INPUT = "join-input";
    public static final String JOIN = "join";
    /** Repartition by model: every model's whole history lives in one task. */
    public static final String BY_MODEL = "by-model";
    public static final String BUCKETS = "buckets";
    public static final String SNAPSHOT_SINK = "snapshot-sink";

    /** Join state: one entry per id (predictions, labels and counted cells of every model). */
    public static final String JOIN_STORE = "join-entries";
    /** Expiry index: each commit's ids in batches keyed by their earliest expiry time, range-scanned up to stream time (no full scans). */
    public static final String EXPIRY_STORE = "join-expiry";
    /** Cell deltas and counters: drained of what earlier versions left, and under upgrade.from=0.1 written at each commit for the next flush, as 0.1.0 did. */
    public static final String DELTA_STORE = "join-deltas";
    /** Holds nothing: runs the join's index write and delta hand-on right before each commit ({@link BeforeCommit}). */
    public static final String JOIN_BEFORE_COMMIT = "join-before-commit";
    /** Bucket matrices: model | bucket start | slice -> sparse weighted cells. */
    public static final String BUCKET_STORE = "buckets";
    /** Pipeline counters per model. */
    public static final String TOTALS_STORE = "model-totals";

    private Names() {}
}
