package io.qrfleet.contract.render;

import com.google.zxing.common.BitMatrix;

/**
 * The module grid an image holds, read back from its own bytes: which modules are drawn in the
 * foreground, the pixels per module, and the two colours (0xRRGGBB) it was drawn with.
 */
record ModuleGrid(BitMatrix modules, int scale, int foreground, int background) {

    /**
     * The layout found in the image itself, not taken from the request: the top-left finder
     * pattern's first row starts at {@code (offset, offset)} and is 7 modules wide.
     */
    static Layout measured(int size, int offset, int finderWidth) {
        if (finderWidth <= 0 || finderWidth % 7 != 0) {
            throw new IllegalArgumentException("no finder pattern of whole modules: " + finderWidth + " px");
        }
        int scale = finderWidth / 7;
        // the layout centres the code; an odd pixel left over goes to the right and bottom
        for (int pixels = size - 2 * offset; pixels >= size - 2 * offset - 1; pixels--) {
            int modules = pixels / scale;
            if (pixels % scale == 0 && modules >= 21 && modules <= 177 && (modules - 17) % 4 == 0) {
                return new Layout(size, scale, offset, modules);
            }
        }
        throw new IllegalArgumentException(
                "no QR symbol fits " + (size - 2 * offset) + " px at " + scale + " px a module");
    }
}
