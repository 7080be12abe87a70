package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes sample heatmaps for a person to look at, only when asked:
 * {@code mvn -o test -Dtest=SampleImagesTest -Dconfmon.render.samples=/tmp}.
 */
@EnabledIfSystemProperty(named = "confmon.render.samples", matches = ".+",
        disabledReason = "writes sample pictures for a person to look at: run with -Dconfmon.render.samples=DIR")
class SampleImagesTest {

    @Test
    void writesSamples() throws IOException {
        Path dir = Path.of(System.getProperty("confmon.render.samples"));
        Files.createDirectories(dir);
        write(dir.resolve("render-sample-10.png"), HeatmapRenderer.png(TestMatrices.fashion()));
        write(dir.resolve("render-sample-10.svg"), HeatmapRenderer.svg(TestMatrices.fashion()).getBytes(StandardCharsets.UTF_8));
        write(dir.resolve("render-sample-60.png"), HeatmapRenderer.png(TestMatrices.many(60, 60)));
        write(dir.resolve("render-sample-60.svg"), HeatmapRenderer.svg(TestMatrices.many(60, 60)).getBytes(StandardCharsets.UTF_8));
        write(dir.resolve("render-sample-200.png"), HeatmapRenderer.png(TestMatrices.many(200, 200)));
        Files.writeString(dir.resolve("render-sample-10.txt"), TextReport.summary(TestMatrices.fashion()));
        assertThat(dir.resolve("render-sample-10.png")).isNotEmptyFile();
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        Files.write(path, bytes);
    }
}
