package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.cli.CliRun;
import io.confmon.json.Json;
import io.confmon.matrix.MatrixDocument;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three checkpoints evaluated in one command become three TensorBoard steps; the event files,
 * read back without TensorFlow, hold the heatmap the renderer drew and the metrics' values.
 */
class TensorBoardTest {
    @TempDir
    Path dir;

    @Test
    void threeCheckpointsThreeSteps() throws IOException {
        Random random = new Random(7);
        int rows = 120;
        double[] x = new double[rows * 3];
        for (int i = 0; i < x.length; i++) x[i] = Math.round(random.nextGaussian() * 8) / 4.0;
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) y[i] = random.nextInt(3);
        Path xf = NpyFiles.write(dir.resolve("x.npy"), "<f4", new long[] {rows, 3}, x);
        Path yf = NpyFiles.write(dir.resolve("y.npy"), "<i8", new long[] {rows}, y);
        Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
        // Saved out of order, named so that code-point order (epoch-10 < epoch-2) would be wrong.
        for (String epoch : new String[] {"epoch-10", "epoch-1", "epoch-2"}) {
            TestModels.export(TestModels.random(random, 3, 3, false), ckpt.resolve(epoch), false);
        }
        Path logs = dir.resolve("logs");

        CliRun run = CliRun.of("evaluate", "--model", ckpt.resolve("epoch-*").toString(), "--x", xf.toString(),
                "--y", yf.toString(), "--tensorboard", logs.toString(), "--step", "5", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        List<JsonNode> docs = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) docs.add(Json.MAPPER.readTree(line));
        assertThat(docs).extracting(d -> d.get("model").asText()).containsExactly("epoch-1", "epoch-2", "epoch-10");

        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
        }
        assertThat(files).hasSize(1);
        List<EventFiles.Value> values = EventFiles.read(files.get(0));

        for (int i = 0; i < 3; i++) {
            long step = 5 + i;
            JsonNode doc = docs.get(i);
            MatrixDocument matrix = Json.MAPPER.treeToValue(doc, MatrixDocument.class);
            List<EventFiles.Value> atStep = values.stream().filter(v -> v.step() == step).toList();
            assertThat(scalar(atStep, "accuracy")).isEqualTo((float) doc.get("metrics").get("accuracy").asDouble());
            assertThat(scalar(atStep, "balanced_accuracy")).isEqualTo((float) doc.get("metrics").get("balancedAccuracy").asDouble());
            assertThat(scalar(atStep, "macro_f1")).isEqualTo((float) doc.get("metrics").get("macroF1").asDouble());
            for (String c : List.of("0", "1", "2")) {
                assertThat(scalar(atStep, "recall/" + c))
                        .isEqualTo((float) doc.get("metrics").get("perClass").get(c).get("recall").asDouble());
            }
            EventFiles.Value image = atStep.stream().filter(v -> v.png() != null).findFirst().orElseThrow();
            assertThat(image.tag()).isEqualTo("confusion_matrix/image");
            BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(HeatmapRenderer.png(matrix, HeatmapOptions.defaults())));
            BufferedImage stored = ImageIO.read(new ByteArrayInputStream(image.png()));
            assertThat(new int[] {stored.getWidth(), stored.getHeight()}).containsExactly(drawn.getWidth(), drawn.getHeight());
            assertThat(new int[] {image.width(), image.height()}).containsExactly(drawn.getWidth(), drawn.getHeight());
            assertThat(stored.getRGB(drawn.getWidth() / 2, drawn.getHeight() / 2)).isEqualTo(drawn.getRGB(drawn.getWidth() / 2, drawn.getHeight() / 2));
        }
        assertThat(values.stream().map(EventFiles.Value::step).distinct()).containsExactlyInAnyOrder(5L, 6L, 7L);
    }

    private static float scalar(List<EventFiles.Value> values, String tag) {
        return values.stream().filter(v -> tag.equals(v.tag()) && v.simpleValue() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no scalar " + tag + " in " + values.stream().map(EventFiles.Value::tag).toList()))
                .simpleValue();
    }
}
