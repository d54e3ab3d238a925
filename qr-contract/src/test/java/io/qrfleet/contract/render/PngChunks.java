package io.qrfleet.contract.render;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** Walks a PNG's chunks, checking the signature, the lengths and every CRC (ImageIO skips the CRCs). */
final class PngChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngChunks() {}

    static List<String> types(byte[] png) {
        if (!Arrays.equals(png, 0, 8, SIGNATURE, 0, 8)) {
            throw new AssertionError("no PNG signature");
        }
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            int start = in.position();
            CRC32 crc = new CRC32();
            crc.update(png, start, 4 + length);
            String type = new String(png, start, 4, java.nio.charset.StandardCharsets.US_ASCII);
            in.position(start + 4 + length);
            if ((int) crc.getValue() != in.getInt()) {
                throw new AssertionError("bad CRC in chunk " + type);
            }
            if (types.isEmpty() || !types.getLast().equals(type)) {
                types.add(type);
            }
        }
        return types;
    }
}
