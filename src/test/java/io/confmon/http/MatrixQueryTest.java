package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixQueryTest {
    private static final long NOW = 1_763_800_000_000L;

    @Test
    void ofNamesWhichMatrixAHeatmapDraws() {
        assertThat(MatrixQuery.parse("last=1h", NOW, 60_000).of()).isEqualTo("counts");
        assertThat(MatrixQuery.parse("last=1h&of=expected", NOW, 60_000).of()).isEqualTo("expected");
        assertThat(MatrixQuery.parse("of=expectedLabelled", NOW, 60_000).of()).isEqualTo("expectedLabelled");
        assertThatThrownBy(() -> MatrixQuery.parse("of=predicted", NOW, 60_000)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("of must be one of counts, expected, expectedLabelled");
        assertThatThrownBy(() -> MatrixQuery.parse("of=expected&of=counts", NOW, 60_000)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("given twice");
    }
}
