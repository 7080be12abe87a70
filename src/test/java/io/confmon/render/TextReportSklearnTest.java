package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.testing.OutsideTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classification report is scikit-learn's {@code classification_report}, character for
 * character, for the same matrix (expanded into y_true / y_pred); skipped without scikit-learn
 * unless CI requires it.
 */
class TextReportSklearnTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void matchesScikitLearnCharacterForCharacter(int digits) throws Exception {
        Path python = OutsideTools.sklearnPython();
        String rows = Arrays.stream(TestMatrices.FASHION_COUNTS)
                .map(r -> Arrays.stream(r).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
        String names = TestMatrices.FASHION.stream().map(n -> "'" + n + "'").collect(Collectors.joining(",", "[", "]"));
        String script = String.join("\n",
                "import numpy as np",
                "from sklearn.metrics import classification_report",
                "cm = np.array(" + rows + ")",
                "k = len(cm)",
                "y_true = np.repeat(np.repeat(np.arange(k), k), cm.ravel())",
                "y_pred = np.repeat(np.tile(np.arange(k), k), cm.ravel())",
                "print(classification_report(y_true, y_pred, labels=list(range(k)), target_names=" + names
                        + ", digits=" + digits + ", zero_division=0), end='')");

        String expected = run(python, script);
        String ours = TextReport.classificationReport(TestMatrices.fashion(), digits);

        assertThat(expected).contains("weighted avg");
        assertThat(ours).startsWith(expected);
    }

    private static String run(Path python, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
