package io.confmon.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixDocumentJsonTest {
    private static final ClassIndex CLASSES = ClassIndex.of(List.of("cat", "dog"));

    @Test
    void expectedMatricesAreAbsentWithoutProbabilitiesWhileOtherNullsAreWritten() {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        m.add(0, 1, 1_000_000);
        JsonNode plain = Json.MAPPER.valueToTree(MatrixDocument.of("zoo", null, null, m, Normalization.TRUE));
        assertThat(plain.has("expected")).isFalse();
        assertThat(plain.has("expectedLabelled")).isFalse();
        assertThat(plain.has("from")).as("the contract shows null ranges").isTrue();
        assertThat(plain.get("from").isNull()).isTrue();
    }

    @Test
    void expectedMatricesCarryCountsTotalMetricsAndTheLabelledOneItsCalibrationGap() {
        ConfusionMatrix realized = new ConfusionMatrix(CLASSES);
        realized.add(0, 0, 1_000_000);
        realized.add(1, 0, 1_000_000);
        ConfusionMatrix expected = new ConfusionMatrix(CLASSES);
        expected.add(0, 0, 1_500_000);
        expected.add(1, 0, 500_000);
        expected.add(1, 1, 1_000_000);
        ConfusionMatrix labelled = new ConfusionMatrix(CLASSES);
        labelled.add(0, 0, 1_500_000);
        labelled.add(1, 0, 500_000);
        labelled.add(1, 1, 500_000);
        JsonNode doc = Json.MAPPER.valueToTree(MatrixDocument.of("zoo", 1L, 2L, realized, Normalization.TRUE)
                .withExpected(realized, expected, labelled));
        assertThat(doc.get("expected").get("counts").toString()).isEqualTo("[[1.5,0.0],[0.5,1.0]]");
        assertThat(doc.get("expected").get("total").asDouble()).isEqualTo(3.0);
        assertThat(doc.get("expected").get("metrics").get("accuracy").asDouble()).isEqualTo(2.5 / 3);
        assertThat(doc.get("expected").has("calibrationGap")).isFalse();
        // cat: realized recall 1, promised 1.5 / 1.5; dog: realized 0 (its one row was predicted cat), promised 0.5 / 1.
        assertThat(doc.get("expectedLabelled").get("calibrationGap").toString()).isEqualTo("{\"cat\":0.0,\"dog\":-0.5}");
    }
}
