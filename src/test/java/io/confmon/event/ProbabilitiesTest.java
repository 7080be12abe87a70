package io.confmon.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.Weights;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbabilitiesTest {
    @Test
    void onlyAFullProbabilityVectorPromisesAnExpectedRow() {
        assertThat(Probabilities.of(new double[] {0.2, 0.8})).isNotNull();
        assertThat(Probabilities.of(new double[] {0.2, 0.3, 0.5004})).as("float rounding of a softmax").isNotNull();
        assertThat(Probabilities.of(new double[] {1.0})).as("a single binary probability").isNull();
        assertThat(Probabilities.of(new double[] {0.2, 0.2})).as("sums to 0.4").isNull();
        assertThat(Probabilities.of(new double[] {2.5, -1.5})).as("logits summing to 1").isNull();
        assertThat(Probabilities.of(new double[] {Double.NaN, 1})).isNull();
        assertThat(Probabilities.of(null)).isNull();
    }

    @Test
    void unitsAreWeightTimesShareRoundedHalfUpForAnyValidWeight() {
        Random rng = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            double w = i % 3 == 0 ? rng.nextDouble() * Weights.MAX_WEIGHT : rng.nextDouble() * 10;
            long units = Weights.toUnits(w);
            double s = rng.nextDouble();
            Probabilities p = Probabilities.of(new double[] {s, 1 - s});
            long byHand = BigDecimal.valueOf(units).multiply(BigDecimal.valueOf(p.ppm(0))).movePointLeft(6)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
            assertThat(p.units(0, units)).as("weight %s, share %s", w, s).isEqualTo(byHand);
        }
        assertThat(Probabilities.of(new double[] {0.25, 0.75}).units(1, Weights.ONE)).isEqualTo(750_000);
    }

    @Test
    void theDecoderKeepsProbabilitiesUpToTheConfiguredClassCountAndOnlyWhereTheyNameClasses() {
        byte[] three = "{\"id\":\"a\",\"model\":\"m\",\"ts\":1763800000000,\"scores\":[0.2,0.3,0.5]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] named = "{\"id\":\"a\",\"model\":\"m\",\"ts\":1763800000000,\"predicted\":\"cat\",\"scores\":[0.2,0.3,0.5]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Set<String> none = java.util.Set.of();
        assertThat(new EventDecoder(ModelSettings.OPEN).prediction(null, three, 0).expected())
                .isEqualTo(Probabilities.of(new double[] {0.2, 0.3, 0.5}));
        assertThat(new EventDecoder(new ModelSettings(java.util.Map.of(), java.util.Map.of(), none, 0.5, 2)).prediction(null, three, 0).expected())
                .as("3 classes, past expected.max.classes=2").isNull();
        assertThat(new EventDecoder(ModelSettings.OPEN).prediction(null, named, 0).expected())
                .as("without a class list, scores by index cannot be set against a predicted name").isNull();
    }

    @Test
    void equalSharesAreEqual() {
        assertThat(Probabilities.of(new double[] {0.1, 0.9})).isEqualTo(Probabilities.ofPpm(new int[] {100_000, 900_000}));
    }
}
