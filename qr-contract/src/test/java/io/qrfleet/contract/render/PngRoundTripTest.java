package io.qrfleet.contract.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import io.qrfleet.contract.Colors;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PNG is read back by ImageIO and checked pixel for pixel against the encoder's matrix, with
 * the layout (offset, pixels per module) measured from the image itself rather than taken from
 * {@link Layout}; then zxing decodes it back to the content.
 */
class PngRoundTripTest {

    static Stream<RenderRequest> cases() {
        return Stream.concat(Corpus.sampled(Format.PNG, 42).stream(), Corpus.grid(Format.PNG).stream());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesBackAndMatchesTheMatrixPixelForPixel(RenderRequest request) throws WriterException, IOException {
        RenderedCode code = QrRenderer.render(request);
        ByteMatrix expected =
                QrEncoding.encode(request.content(), request.errorCorrection()).getMatrix();
        assertThat(code.matrix().getArray()).isDeepEqualTo(expected.getArray());

        assertThat(PngChunks.types(code.bytes())).containsExactly("IHDR", "PLTE", "IDAT", "IEND");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(code.bytes()));
        assertThat(image.getWidth()).isEqualTo(request.size());
        assertThat(image.getHeight()).isEqualTo(request.size());

        int fg = 0xFF000000 | Colors.rgb(request.foreground());
        int bg = 0xFF000000 | Colors.rgb(request.background());
        IndexColorModel palette = (IndexColorModel) image.getColorModel();
        assertThat(palette.getMapSize()).isEqualTo(2);
        assertThat(List.of(palette.getRGB(0), palette.getRGB(1))).containsExactly(bg, fg);

        int[][] pixels = pixels(image);
        Bounds code1 = Bounds.of(pixels, fg);
        int scale = code1.finderWidth() / 7;
        int modules = expected.getWidth();
        assertThat(code1.finderWidth()).as("finder pattern is 7 whole modules").isEqualTo(7 * scale);
        assertThat(code1.right() - code1.left() + 1).isEqualTo(modules * scale);
        assertThat(code1.bottom() - code1.top() + 1).isEqualTo(modules * scale);
        int quiet = request.margin() * scale;
        int rightGap = request.size() - 1 - code1.right();
        int bottomGap = request.size() - 1 - code1.bottom();
        assertThat(List.of(code1.left(), code1.top(), rightGap, bottomGap)).allMatch(gap -> gap >= quiet);
        assertThat(Math.abs(code1.left() - rightGap)).as("centred").isLessThanOrEqualTo(1);
        assertThat(code1.left()).isEqualTo(code1.top());

        for (int y = 0; y < request.size(); y++) {
            for (int x = 0; x < request.size(); x++) {
                int mx = Math.floorDiv(x - code1.left(), scale);
                int my = Math.floorDiv(y - code1.top(), scale);
                boolean dark = mx >= 0 && my >= 0 && mx < modules && my < modules && expected.get(mx, my) == 1;
                if (pixels[y][x] != (dark ? fg : bg)) {
                    throw new AssertionError("pixel (%d,%d) of %s".formatted(x, y, request));
                }
            }
        }
        assertThat(Decoding.decode(pixels, fg)).isEqualTo(request.content());
        assertThat(QrVerifier.verify(request, code.bytes(), Verification.GRID)).isTrue();
        assertThat(QrVerifier.verify(request, code.bytes(), Verification.FULL)).isTrue();
    }

    private static int[][] pixels(BufferedImage image) {
        int[][] rows = new int[image.getHeight()][];
        for (int y = 0; y < rows.length; y++) {
            rows[y] = image.getRGB(0, y, image.getWidth(), 1, null, 0, image.getWidth());
        }
        return rows;
    }

    /** The bounding box of the dark pixels and the width of the first dark run (the top-left finder). */
    private record Bounds(int left, int top, int right, int bottom, int finderWidth) {

        static Bounds of(int[][] pixels, int fg) {
            int left = Integer.MAX_VALUE, top = -1, right = -1, bottom = -1, finder = 0;
            for (int y = 0; y < pixels.length; y++) {
                for (int x = 0; x < pixels[y].length; x++) {
                    if (pixels[y][x] == fg) {
                        if (top < 0) {
                            top = y;
                            while (x + finder < pixels[y].length && pixels[y][x + finder] == fg) {
                                finder++;
                            }
                        }
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        bottom = y;
                    }
                }
            }
            return new Bounds(left, top, right, bottom, finder);
        }
    }
}
