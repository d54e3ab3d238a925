package io.qrfleet.contract.render;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import io.qrfleet.contract.Colors;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.RenderRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Decodes a rendered code again with zxing's reader and compares the text. A PNG is decoded from
 * its own bytes, as it would sit on a page of its background colour (a code drawn without a quiet
 * zone gets one module of it: scanners need some); light on dark is decoded inverted, as scanners
 * that read inverted codes do. An SVG (no rasteriser in the JDK) is decoded from its module matrix
 * drawn at 4 px per module.
 */
public final class QrVerifier {

    private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
    private static final int SVG_CHECK_SCALE = 4;

    private QrVerifier() {}

    public static boolean verify(RenderRequest request, RenderedCode code) {
        try {
            LuminanceSource source = request.format() == Format.PNG
                    ? png(code.bytes(), request, code.matrix())
                    : matrix(code.matrix(), request.margin());
            String text = new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(source)), HINTS)
                    .getText();
            return request.content().equals(text);
        } catch (ReaderException | IOException | RuntimeException e) {
            return false;
        }
    }

    private static LuminanceSource png(byte[] bytes, RenderRequest request, ByteMatrix matrix) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("not a readable PNG");
        }
        int foreground = Colors.rgb(request.foreground());
        int background = Colors.rgb(request.background());
        int border =
                request.margin() == 0 ? Layout.of(matrix, request.size(), 0).scale() : 0;
        LuminanceSource source = new ImageLuminanceSource(image, border, Colors.luma(background));
        return Colors.inverted(foreground, background) ? source.invert() : source;
    }

    private static LuminanceSource matrix(ByteMatrix matrix, int margin) {
        int quiet = Math.max(margin, 1);
        int width = (matrix.getWidth() + 2 * quiet) * SVG_CHECK_SCALE;
        byte[] pixels = new byte[width * width];
        java.util.Arrays.fill(pixels, (byte) 0xFF);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    for (int dy = 0; dy < SVG_CHECK_SCALE; dy++) {
                        int start = ((y + quiet) * SVG_CHECK_SCALE + dy) * width + (x + quiet) * SVG_CHECK_SCALE;
                        java.util.Arrays.fill(pixels, start, start + SVG_CHECK_SCALE, (byte) 0);
                    }
                }
            }
        }
        return new com.google.zxing.PlanarYUVLuminanceSource(pixels, width, width, 0, 0, width, width, false);
    }
}
