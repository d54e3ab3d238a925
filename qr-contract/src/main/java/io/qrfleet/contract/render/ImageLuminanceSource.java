package io.qrfleet.contract.render;

import com.google.zxing.LuminanceSource;
import io.qrfleet.contract.Colors;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Grey levels of a decoded image for zxing's reader (zxing core has no BufferedImage source),
 * inside a border of {@code border} pixels of grey level {@code fill}.
 */
final class ImageLuminanceSource extends LuminanceSource {

    private final byte[] luminance;

    ImageLuminanceSource(BufferedImage image, int border, int fill) {
        super(image.getWidth() + 2 * border, image.getHeight() + 2 * border);
        int width = getWidth();
        luminance = new byte[width * getHeight()];
        Arrays.fill(luminance, (byte) fill);
        int[] rgb = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, image.getWidth(), 1, rgb, 0, image.getWidth());
            int row = (y + border) * width + border;
            for (int x = 0; x < image.getWidth(); x++) {
                luminance[row + x] = (byte) Colors.luma(rgb[x]);
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
