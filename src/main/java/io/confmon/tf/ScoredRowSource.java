package io.confmon.tf;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Rows a model scores, written as the JSON Lines rows {@code confmon evaluate} reads (one line per
 * input row, so line numbers in the evaluation's messages are the source's row numbers).
 */
interface ScoredRowSource {
    /** The name the evaluation's messages use for the rows ("X.npy / Y.npy"). */
    String name();

    /** Whether line numbers are 0-based rows of an array (true) or 1-based lines of a file (false). */
    boolean zeroBasedRows();

    /** Scores every row with the model and writes one JSON object per line. */
    void writeAll(ScoringModel model, JsonGenerator out) throws IOException;
}
