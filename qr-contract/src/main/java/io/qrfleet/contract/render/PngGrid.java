package io.qrfleet.contract.render;

import com.google.zxing.common.BitMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the module grid of a PNG as {@link PngWriter} writes it (1-bit indexed, two palette
 * entries, filter None, not interlaced): every chunk's CRC checked, the image data inflated, one
 * pixel read at each module's centre. Anything else is refused: this is the cheap check of the
 * service's own images, not a general decoder.
 */
final class PngGrid {

    private PngGrid() {}

    static ModuleGrid read(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png);
        byte[] signature = new byte[PngWriter.SIGNATURE.length];
        in.get(signature);
        require(Arrays.equals(signature, PngWriter.SIGNATURE), "no PNG signature");
        int size = 0;
        int[] palette = null;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            int length = in.getInt();
            int start = in.position();
            int type = in.getInt();
            require(length >= 0 && length <= in.remaining() - 4, "a chunk longer than the file");
            byte[] body = new byte[length];
            in.get(body);
            CRC32 crc = new CRC32();
            crc.update(png, start, 4 + length);
            require(in.getInt() == (int) crc.getValue(), "a chunk's CRC does not match");
            if (type == PngWriter.IHDR) {
                ByteBuffer header = ByteBuffer.wrap(body);
                size = header.getInt();
                require(header.getInt() == size && size > 0, "not a square image");
                require(header.get() == 1 && header.get() == 3, "not 1-bit indexed");
                require(
                        header.get() == 0 && header.get() == 0 && header.get() == 0,
                        "not deflate, filter 0, no interlace");
            } else if (type == PngWriter.PLTE) {
                require(length == 6, "not a palette of two colours");
                palette = new int[] {rgb(body, 0), rgb(body, 3)};
            } else if (type == PngWriter.IDAT) {
                data.writeBytes(body);
            } else if (type == PngWriter.IEND) {
                break;
            }
        }
        require(size > 0 && palette != null, "no header or palette");
        int stride = 1 + (size + 7) / 8;
        byte[] raw = inflate(data.toByteArray(), stride * size);
        for (int y = 0; y < size; y++) {
            require(raw[y * stride] == 0, "a scanline filter other than None");
        }
        int top = 0;
        while (top < size && firstDark(raw, stride, size, top) == size) {
            top++;
        }
        require(top < size, "no foreground pixel");
        int left = firstDark(raw, stride, size, top);
        int right = left;
        while (right < size && dark(raw, stride, right, top)) {
            right++;
        }
        require(left == top, "the code is not where its layout puts it");
        Layout layout = ModuleGrid.measured(size, left, right - left);
        BitMatrix modules = new BitMatrix(layout.modules());
        int centre = layout.offset() + layout.scale() / 2;
        for (int y = 0; y < layout.modules(); y++) {
            for (int x = 0; x < layout.modules(); x++) {
                if (dark(raw, stride, centre + x * layout.scale(), centre + y * layout.scale())) {
                    modules.set(x, y);
                }
            }
        }
        return new ModuleGrid(modules, layout.scale(), palette[1], palette[0]);
    }

    /** Palette index 1, the foreground. */
    private static boolean dark(byte[] raw, int stride, int x, int y) {
        return (raw[y * stride + 1 + (x >>> 3)] & (0x80 >>> (x & 7))) != 0;
    }

    private static int firstDark(byte[] raw, int stride, int size, int y) {
        int x = 0;
        while (x < size && !dark(raw, stride, x, y)) {
            x++;
        }
        return x;
    }

    private static byte[] inflate(byte[] compressed, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] raw = new byte[expected];
            int n = inflater.inflate(raw);
            require(n == expected && inflater.finished(), "image data of the wrong length");
            return raw;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("image data that does not inflate", e);
        } finally {
            inflater.end();
        }
    }

    private static int rgb(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | b[i + 2] & 0xFF;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException(what);
        }
    }
}
