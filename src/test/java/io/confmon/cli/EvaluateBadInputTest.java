package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit code 2, a message naming the file, the line and what to fix, and no result on standard output. */
class EvaluateBadInputTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private CliRun evaluate(Path f, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "evaluate";
        args[1] = "--input";
        args[2] = f.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.of(args);
    }

    @Test
    void malformedRowNamesFileAndLine() throws IOException {
        Path f = file("bad.jsonl", "{\"actual\":\"a\",\"predicted\":\"a\"}\n\n{\"actual\":\"a\",\"predicted\":\n{\"actual\":\"b\",\"predicted\":\"b\"}\n");
        CliRun run = evaluate(f);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(f + ":3:").contains("not valid JSON");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingActualColumnSaysWhichOptionToUse() throws IOException {
        Path f = file("cols.csv", "y_true,y_pred\na,b\n");
        CliRun run = evaluate(f);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(f + ":1:").contains("--actual-column").contains("y_true");
    }

    @Test
    void unknownWeightColumnIsAnError() throws IOException {
        Path f = file("w.csv", "actual,predicted\na,b\n");
        assertThat(evaluate(f, "--weight-column", "w").err()).contains("no weight column 'w'");
    }

    @Test
    void indexPastNumClasses() throws IOException {
        Path f = file("idx.jsonl", "{\"actual\":1,\"predicted\":0}\n{\"actual\":3,\"predicted\":0}\n");
        CliRun run = evaluate(f, "--num-classes", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(f + ":2:").contains("out of range");
    }

    @Test
    void negativeAndNonFiniteWeights() throws IOException {
        Path neg = file("neg.jsonl", "{\"actual\":\"a\",\"predicted\":\"a\",\"weight\":-1}\n");
        assertThat(evaluate(neg).err()).contains(neg + ":1:").contains("finite number >= 0");
        Path nan = file("nan.csv", "actual,predicted,weight\na,a,1\na,a,NaN\n");
        CliRun run = evaluate(nan);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(nan + ":3:").contains("finite number >= 0");
    }

    @Test
    void unknownClassNameWithAClassList() throws IOException {
        Path f = file("names.jsonl", "{\"actual\":\"cat\",\"predicted\":\"cow\"}\n");
        assertThat(evaluate(f, "--classes", "cat,dog").err()).contains("'cow'").contains("not in the class list");
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        Path f = file("ok.jsonl", "{\"actual\":\"a\",\"predicted\":\"a\"}\n");
        CliRun run = evaluate(f, "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option").contains("--frobnicate");
    }

    @Test
    void missingFile() {
        CliRun run = CliRun.of("evaluate", "--input", dir.resolve("nope.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file");
    }

    @Test
    void gzippedInputReadsAsSuch() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"actual\":\"a\",\"predicted\":\"b\"}\n{\"actual\":\"a\",\"predicted\":\"a\"}\n".getBytes());
        }
        Path f = dir.resolve("rows.jsonl.gz");
        Files.write(f, bytes.toByteArray());
        CliRun run = evaluate(f, "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"counts\":[[1.0,1.0],[0.0,0.0]]");
    }

    @Test
    void errorInALaterBlockReportsTheRightLine() throws IOException {
        // Big enough for several blocks and both worker threads.
        StringBuilder sb = new StringBuilder();
        int bad = 180_000;
        for (int i = 1; i <= 200_000; i++) {
            sb.append(i == bad ? "{\"actual\":\"a\",\"predicted\":\"a\",\"weight\":\"x\"}" : "{\"actual\":\"a\",\"predicted\":\"b\",\"weight\":1.5}").append('\n');
        }
        Path f = file("long.jsonl", sb.toString());
        CliRun run = evaluate(f, "--threads", "2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(f + ":" + bad + ":");
    }
}
