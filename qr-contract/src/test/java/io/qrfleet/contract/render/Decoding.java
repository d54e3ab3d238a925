package io.qrfleet.contract.render;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;

/** zxing's reader over a grid of pixels, independent of the production {@link QrVerifier}. */
final class Decoding {

    private Decoding() {}

    static String decode(int[][] pixels, int dark) {
        int height = pixels.length;
        int width = pixels[0].length;
        byte[] luminance = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                luminance[y * width + x] = (byte) (pixels[y][x] == dark ? 0 : 255);
            }
        }
        var source = new PlanarYUVLuminanceSource(luminance, width, height, 0, 0, width, height, false);
        try {
            return new QRCodeReader()
                    .decode(
                            new BinaryBitmap(new HybridBinarizer(source)),
                            Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                    .getText();
        } catch (ReaderException e) {
            throw new AssertionError("zxing could not decode the image", e);
        }
    }
}
