package io.confmon.demo;

/**
 * What the simulator has sent so far (records Kafka acknowledged), for the demo's status line.
 *
 * @param requests    simulated requests
 * @param predictions prediction records, one per model per request, retries not included
 * @param labels      first label records (one per model, or one for every model)
 * @param corrections label records that correct an earlier label
 * @param duplicates  records sent a second time, the same bytes
 * @param malformed   records meant for the dead-letter topic
 * @param unlabelled  requests that will never get a label
 * @param pending     records planned but not yet handed to Kafka (labels waiting for their time)
 * @param failed      records Kafka did not take (each one is logged)
 */
public record SentCounts(long requests, long predictions, long labels, long corrections, long duplicates,
                         long malformed, long unlabelled, long pending, long failed) {

    /** One line for a terminal, e.g. {@code sent 1200 predictions, 950 labels (19 corrections), ...}. */
    public String statusLine() {
        return String.format("sent %d predictions, %d labels (%d corrections), %d duplicates, %d malformed; "
                        + "%d unlabelled, %d labels pending%s",
                predictions, labels, corrections, duplicates, malformed, unlabelled, pending,
                failed == 0 ? "" : ", " + failed + " FAILED");
    }
}
