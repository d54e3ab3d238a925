package io.qrfleet.contract.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every SVG is parsed as XML; its path is read back run by run into a module grid that must equal
 * the encoder's matrix, and rasterised so zxing decodes it back to the content.
 */
class SvgRoundTripTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v(\\d+)h-(\\d+)z");

    static Stream<RenderRequest> cases() {
        return Stream.concat(Corpus.sampled(Format.SVG, 7).stream(), Corpus.grid(Format.SVG).stream());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isWellFormedAndItsPathIsTheMatrix(RenderRequest request) throws Exception {
        RenderedCode code = QrRenderer.render(request);
        Element svg = parse(code.bytes()).getDocumentElement();
        String size = Integer.toString(request.size());
        assertThat(svg.getNamespaceURI()).isEqualTo(SVG_NS);
        assertThat(svg.getAttribute("width")).isEqualTo(size);
        assertThat(svg.getAttribute("height")).isEqualTo(size);
        assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 " + size + " " + size);
        Element rect = (Element) svg.getElementsByTagNameNS(SVG_NS, "rect").item(0);
        assertThat(rect.getAttribute("fill")).isEqualTo(request.background());
        assertThat(rect.getAttribute("width")).isEqualTo(size);
        assertThat(svg.getElementsByTagNameNS(SVG_NS, "path").getLength()).isEqualTo(1);
        Element path = (Element) svg.getElementsByTagNameNS(SVG_NS, "path").item(0);
        assertThat(path.getAttribute("fill")).isEqualTo(request.foreground());

        List<int[]> runs = runs(path.getAttribute("d"));
        ByteMatrix expected =
                QrEncoding.encode(request.content(), request.errorCorrection()).getMatrix();
        int modules = expected.getWidth();
        int offset = runs.getFirst()[0];
        int scale = runs.getFirst()[2] / 7; // the first run is the top edge of the top-left finder
        assertThat(runs.getFirst()[1]).isEqualTo(offset);
        assertThat(offset).as("quiet zone").isGreaterThanOrEqualTo(request.margin() * scale);
        assertThat(request.size() - offset - modules * scale).isGreaterThanOrEqualTo(request.margin() * scale);

        byte[][] grid = new byte[modules][modules];
        for (int[] run : runs) {
            assertThat((run[0] - offset) % scale).isZero();
            assertThat((run[1] - offset) % scale).isZero();
            assertThat(run[2] % scale).isZero();
            assertThat(run[3]).isEqualTo(scale);
            assertThat(run[4]).isEqualTo(run[2]);
            int my = (run[1] - offset) / scale;
            for (int mx = (run[0] - offset) / scale; mx < (run[0] - offset + run[2]) / scale; mx++) {
                assertThat(grid[my][mx]).as("modules are drawn once").isZero();
                grid[my][mx] = 1;
            }
        }
        assertThat(grid).isDeepEqualTo(expected.getArray());
        assertThat(Decoding.decode(rasterise(runs, request.size()), 1)).isEqualTo(request.content());
        assertThat(QrVerifier.verify(request, code.bytes(), Verification.GRID)).isTrue();
        assertThat(QrVerifier.verify(request, code.bytes(), Verification.FULL)).isTrue();
    }

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    /** Each run as {x, y, width, height, width back}; anything else in the path fails the test. */
    private static List<int[]> runs(String d) {
        Matcher m = RUN.matcher(d);
        List<int[]> runs = new ArrayList<>();
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).as("path has only runs").isEqualTo(end);
            end = m.end();
            runs.add(new int[] {
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5))
            });
        }
        assertThat(end).as("path has only runs").isEqualTo(d.length());
        return runs;
    }

    private static int[][] rasterise(List<int[]> runs, int size) {
        int[][] pixels = new int[size][size];
        for (int[] run : runs) {
            for (int y = run[1]; y < run[1] + run[3]; y++) {
                java.util.Arrays.fill(pixels[y], run[0], run[0] + run[2], 1);
            }
        }
        return pixels;
    }
}
