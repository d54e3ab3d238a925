package io.qrfleet.contract.render;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.Decoder;
import io.qrfleet.contract.Colors;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Decodes a rendered code again with zxing and compares the text, at one of two levels:
 *
 * <ul>
 *   <li>{@link Verification#GRID}: the module grid read back from the image's own bytes (every PNG
 *       chunk's CRC, the inflated pixels at each module's centre; the SVG's runs), in the colours
 *       asked for, decoded by zxing's decoder: format and version information, error correction,
 *       content.
 *   <li>{@link Verification#FULL}: the grid's check, and what a scanner does with the pixels:
 *       zxing's binarizer and detector before the decoder. A PNG is decoded from its own bytes, as
 *       it would sit on a page of its background colour (a code drawn without a quiet zone gets one
 *       module of it: scanners need some); light on dark is decoded inverted, as scanners that read
 *       inverted codes do. An SVG (no rasteriser in the JDK) is its grid drawn at 4 px per module.
 * </ul>
 */
public final class QrVerifier {

    private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
    private static final int SVG_CHECK_SCALE = 4;

    private QrVerifier() {}

    public static boolean verify(RenderRequest request, byte[] image, Verification check) {
        try {
            ModuleGrid grid = request.format() == Format.PNG ? PngGrid.read(image) : SvgGrid.read(image);
            return request.content().equals(decoded(grid, request))
                    && (check == Verification.GRID || request.content().equals(scanned(grid, request, image)));
        } catch (ReaderException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** The grid's text, if it is drawn in the colours asked for. */
    private static String decoded(ModuleGrid grid, RenderRequest request) throws ReaderException {
        if (grid.foreground() != Colors.rgb(request.foreground())
                || grid.background() != Colors.rgb(request.background())) {
            return null;
        }
        // a copy: zxing's decoder unmasks the modules in place, and the full check draws them after
        return new Decoder().decode(grid.modules().clone()).getText();
    }

    /** What a scanner reads: the PNG's own pixels, or the SVG's grid drawn. */
    private static String scanned(ModuleGrid grid, RenderRequest request, byte[] image)
            throws ReaderException, IOException {
        LuminanceSource source = request.format() == Format.PNG
                ? png(image, request, grid.scale())
                : drawn(grid.modules(), request.margin());
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)), HINTS)
                .getText();
    }

    private static LuminanceSource png(byte[] bytes, RenderRequest request, int scale) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("not a readable PNG");
        }
        int foreground = Colors.rgb(request.foreground());
        int background = Colors.rgb(request.background());
        int border = request.margin() == 0 ? scale : 0;
        LuminanceSource source = new ImageLuminanceSource(image, border, Colors.luma(background));
        return Colors.inverted(foreground, background) ? source.invert() : source;
    }

    private static LuminanceSource drawn(BitMatrix matrix, int margin) {
        int quiet = Math.max(margin, 1);
        int width = (matrix.getWidth() + 2 * quiet) * SVG_CHECK_SCALE;
        byte[] pixels = new byte[width * width];
        java.util.Arrays.fill(pixels, (byte) 0xFF);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
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
