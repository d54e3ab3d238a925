package io.qrfleet.contract.render;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a QR matrix straight to a 1-bit indexed PNG (palette: background, foreground) without
 * an intermediate BufferedImage: each module row is packed once and repeated {@code scale} times.
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngWriter() {
    }

    static byte[] write(ByteMatrix matrix, Layout layout, int foreground, int background) {
        int size = layout.size();
        int stride = 1 + (size + 7) / 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + size * size / 64);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(size).putInt(size)
                .put((byte) 1).put((byte) 3).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "PLTE", new byte[] {
                (byte) (background >> 16), (byte) (background >> 8), (byte) background,
                (byte) (foreground >> 16), (byte) (foreground >> 8), (byte) foreground});
        chunk(out, "IDAT", deflate(matrix, layout, stride));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(ByteMatrix matrix, Layout layout, int stride) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(stride * 16);
        byte[] buffer = new byte[8192];
        byte[] blank = new byte[stride];
        byte[] row = new byte[stride];
        int end = layout.offset() + layout.modules() * layout.scale();
        try {
            for (int y = 0; y < layout.size(); y++) {
                boolean inCode = y >= layout.offset() && y < end;
                if (inCode && (y - layout.offset()) % layout.scale() == 0) {
                    pack(matrix, (y - layout.offset()) / layout.scale(), layout, row);
                }
                deflater.setInput(inCode ? row : blank);
                drain(deflater, buffer, compressed);
            }
            deflater.finish();
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    /** Filter byte 0 (none), then the pixels of one module row, most significant bit first; 1 = foreground. */
    private static void pack(ByteMatrix matrix, int moduleRow, Layout layout, byte[] row) {
        Arrays.fill(row, (byte) 0);
        int x = layout.offset();
        for (int m = 0; m < layout.modules(); m++, x += layout.scale()) {
            if (matrix.get(m, moduleRow) == 1) {
                for (int px = x; px < x + layout.scale(); px++) {
                    row[1 + (px >> 3)] |= (byte) (0x80 >>> (px & 7));
                }
            }
        }
    }

    private static void drain(Deflater deflater, byte[] buffer, ByteArrayOutputStream out) {
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
