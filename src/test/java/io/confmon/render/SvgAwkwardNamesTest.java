package io.confmon.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Class and model names are data: whatever characters they hold, the SVG is well-formed XML. */
class SvgAwkwardNamesTest {
    @Test
    void namesWithCharactersXmlCannotCarryGiveAWellFormedDocument() throws Exception {
        List<String> classes = List.of("nul\u0000x", "bell\u0007", "<b>&amp;\"'", "\ud83d\ude00", "lone\ud800", "\uffff");
        long[][] counts = new long[6][6];
        for (int i = 0; i < 6; i++) counts[i][(i + 1) % 6] = i + 1;
        String svg = HeatmapRenderer.svg(TestMatrices.document("m\u0000<&>", classes, counts, null, null));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("nul\ufffdx").contains("\ud83d\ude00");
    }
}
