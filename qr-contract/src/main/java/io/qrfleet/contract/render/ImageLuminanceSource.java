package io.qrfleet.contract.render;

import com.google.zxing.LuminanceSource;
import java.awt.image.BufferedImage;

/** Grey levels of a decoded image for zxing's reader (zxing core has no BufferedImage source). */
final class ImageLuminanceSource extends LuminanceSource {

    private final byte[] luminance;

    ImageLuminanceSource(BufferedImage image) {
        super(image.getWidth(), image.getHeight());
        int width = image.getWidth();
        luminance = new byte[width * image.getHeight()];
        int[] rgb = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, rgb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = rgb[x];
                luminance[y * width + x] = (byte) ((306 * ((p >> 16) & 0xFF) + 601 * ((p >> 8) & 0xFF) + 117 * (p & 0xFF)) >> 10);
            }
        }
    }

    @Override
    public byte[] getRow(int y, byte[] row) {
        byte[] out = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
        System.arraycopy(luminance, y * getWidth(), out, 0, getWidth());
        return out;
    }

    @Override
    public byte[] getMatrix() {
        return luminance;
    }
}
