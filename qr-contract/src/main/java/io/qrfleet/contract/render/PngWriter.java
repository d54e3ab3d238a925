package io.qrfleet.contract.render;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a QR matrix straight to a 1-bit indexed PNG (palette: background, foreground) without an
 * intermediate BufferedImage. The scanlines are built whole: each module row is packed once, a run
 * of dark modules at a time, then copied {@code scale} times; zlib then compresses them in one call.
 * Compression is what libpng does by default (filter None, zlib level 6), so the files are the same
 * size as libpng's; feeding zlib the whole image instead of a row per call halves its cost.
 */
final class PngWriter {

    // what PngGrid reads back
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final int IHDR = 0x49484452;
    static final int PLTE = 0x504C5445;
    static final int IDAT = 0x49444154;
    static final int IEND = 0x49454E44;
    /** Measured against levels 1 to 9, the FILTERED strategy and the Up filter: see bench/README.md. */
    private static final int ZLIB_LEVEL = 6;

    private PngWriter() {}

    static byte[] write(ByteMatrix matrix, Layout layout, int foreground, int background) {
        int size = layout.size();
        Compressed idat = deflate(scanlines(matrix, layout));
        ByteBuffer png = ByteBuffer.allocate(SIGNATURE.length + (12 + 13) + (12 + 6) + (12 + idat.length()) + 12);
        png.put(SIGNATURE);
        chunk(
                png,
                IHDR,
                ByteBuffer.allocate(13)
                        .putInt(size)
                        .putInt(size)
                        .put((byte) 1)
                        .put((byte) 3)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array(),
                13);
        chunk(
                png,
                PLTE,
                new byte[] {
                    (byte) (background >> 16), (byte) (background >> 8), (byte) background,
                    (byte) (foreground >> 16), (byte) (foreground >> 8), (byte) foreground
                },
                6);
        chunk(png, IDAT, idat.bytes(), idat.length());
        chunk(png, IEND, new byte[0], 0);
        return png.array();
    }

    /** Every scanline: filter byte 0 (None), then one bit per pixel, most significant first; 1 = foreground. */
    private static byte[] scanlines(ByteMatrix matrix, Layout layout) {
        int stride = 1 + (layout.size() + 7) / 8;
        int scale = layout.scale();
        byte[] raw = new byte[stride * layout.size()];
        byte[][] modules = matrix.getArray();
        for (int y = 0; y < layout.modules(); y++) {
            int first = (layout.offset() + y * scale) * stride;
            byte[] row = modules[y];
            for (int x = 0; x < layout.modules(); x++) {
                if (row[x] == 1) {
                    int end = x + 1;
                    while (end < layout.modules() && row[end] == 1) {
                        end++;
                    }
                    setPixels(raw, first + 1, layout.offset() + x * scale, layout.offset() + end * scale);
                    x = end;
                }
            }
            for (int copy = 1; copy < scale; copy++) {
                System.arraycopy(raw, first, raw, first + copy * stride, stride);
            }
        }
        return raw;
    }

    /** Sets pixels {@code from} (inclusive) to {@code to} of the scanline whose pixels start at {@code base}. */
    private static void setPixels(byte[] raw, int base, int from, int to) {
        int firstByte = base + (from >>> 3);
        int lastByte = base + ((to - 1) >>> 3);
        int head = 0xFF >>> (from & 7);
        int tail = (0xFF << (7 - ((to - 1) & 7))) & 0xFF;
        if (firstByte == lastByte) {
            raw[firstByte] |= (byte) (head & tail);
        } else {
            raw[firstByte] |= (byte) head;
            Arrays.fill(raw, firstByte + 1, lastByte, (byte) 0xFF);
            raw[lastByte] |= (byte) tail;
        }
    }

    private record Compressed(byte[] bytes, int length) {}

    private static Compressed deflate(byte[] raw) {
        Deflater deflater = new Deflater(ZLIB_LEVEL);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] out = new byte[Math.max(256, raw.length / 8)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return new Compressed(out, length);
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteBuffer png, int type, byte[] data, int length) {
        png.putInt(length);
        int start = png.position();
        png.putInt(type).put(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(png.array(), start, 4 + length);
        png.putInt((int) crc.getValue());
    }
}
