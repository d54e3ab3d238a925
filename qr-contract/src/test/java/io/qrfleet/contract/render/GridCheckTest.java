package io.qrfleet.contract.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import io.qrfleet.contract.Colors;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The grid check decodes what the image's bytes hold, error correction included; it refuses
 * bytes that are not the image the request asked for, however little differs.
 */
class GridCheckTest {

    private static RenderRequest request(String content, String format, String foreground) {
        return new JobRequest(content, format, 300, 4, "M", foreground, "#FFFFFF").toRenderRequest();
    }

    private static byte[] png(RenderRequest request, ByteMatrix matrix) {
        return PngWriter.write(
                matrix,
                Layout.of(matrix, request.size(), request.margin()),
                Colors.rgb(request.foreground()),
                Colors.rgb(request.background()));
    }

    private static ByteMatrix matrix(RenderRequest request) throws Exception {
        return QrEncoding.encode(request.content(), request.errorCorrection()).getMatrix();
    }

    /** Flips n modules of the lower right, row by row from (10, 10): clear of the finders and format information. */
    private static ByteMatrix damaged(ByteMatrix matrix, int n) {
        int width = matrix.getWidth() - 10;
        for (int i = 0; i < n; i++) {
            int x = 10 + i % width;
            int y = 10 + i / width;
            matrix.set(x, y, matrix.get(x, y) == 1 ? 0 : 1);
        }
        return matrix;
    }

    @Test
    void modulesDamagedWithinTheErrorCorrectionStillDecode() throws Exception {
        RenderRequest request = request("https://example.com/grid/" + "x".repeat(60), "png", "#000000");
        byte[] image = png(request, damaged(matrix(request), 6));
        assertThat(QrVerifier.verify(request, image, Verification.GRID)).isTrue();
    }

    @Test
    void modulesDamagedBeyondTheErrorCorrectionFail() throws Exception {
        RenderRequest request = request("https://example.com/grid/" + "x".repeat(60), "png", "#000000");
        byte[] image = png(request, damaged(matrix(request), 300));
        assertThat(QrVerifier.verify(request, image, Verification.GRID)).isFalse();
    }

    @Test
    void anotherContentsImageFails() throws Exception {
        RenderRequest asked = request("https://example.com/a", "png", "#000000");
        byte[] other = QrRenderer.render(request("https://example.com/b", "png", "#000000"))
                .bytes();
        assertThat(QrVerifier.verify(asked, other, Verification.GRID)).isFalse();
        assertThat(QrVerifier.verify(asked, other, Verification.FULL)).isFalse();
    }

    @Test
    void anImageInOtherColoursThanAskedFails() throws Exception {
        RenderRequest asked = request("https://example.com/colours", "png", "#000000");
        byte[] navy = QrRenderer.render(request("https://example.com/colours", "png", "#001F5C"))
                .bytes();
        assertThat(QrVerifier.verify(asked, navy, Verification.GRID)).isFalse();
    }

    @Test
    void aPngWithOneByteChangedFailsItsChunkCheck() throws Exception {
        RenderRequest request = request("https://example.com/crc", "png", "#000000");
        byte[] image = QrRenderer.render(request).bytes();
        image[image.length - 20] ^= 0x01; // inside the image data
        assertThat(QrVerifier.verify(request, image, Verification.GRID)).isFalse();
    }

    @Test
    void anSvgWithAnythingButItsRunsFails() throws Exception {
        RenderRequest request = request("https://example.com/svg", "svg", "#000000");
        String svg = new String(QrRenderer.render(request).bytes(), StandardCharsets.UTF_8);
        assertThat(QrVerifier.verify(request, svg.getBytes(StandardCharsets.UTF_8), Verification.GRID))
                .isTrue();
        byte[] scripted = svg.replace("z\"/>", "zM0 0l999 999z\"/>").getBytes(StandardCharsets.UTF_8);
        assertThat(QrVerifier.verify(request, scripted, Verification.GRID)).isFalse();
        byte[] extra = svg.replace("</svg>", "<script>alert(1)</script></svg>").getBytes(StandardCharsets.UTF_8);
        assertThat(QrVerifier.verify(request, extra, Verification.GRID)).isFalse();
    }
}
