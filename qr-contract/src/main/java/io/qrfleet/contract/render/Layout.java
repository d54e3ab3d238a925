package io.qrfleet.contract.render;

import com.google.zxing.qrcode.encoder.ByteMatrix;

/**
 * Where the modules land in a {@code size} x {@code size} image: a whole number of pixels per
 * module (crisp edges), the quiet zone of {@code margin} modules, and any pixels left over
 * shared out as extra border so the code stays centred.
 */
record Layout(int size, int scale, int offset, int modules) {

    static Layout of(ByteMatrix matrix, int size, int margin) {
        int modules = matrix.getWidth();
        int scale = size / (modules + 2 * margin);
        if (scale < 1) {
            throw new IllegalArgumentException(
                    "size " + size + " cannot hold " + modules + " modules and margin " + margin);
        }
        int offset = (size - modules * scale) / 2;
        return new Layout(size, scale, offset, modules);
    }
}
