package io.qrfleet.contract.render;

import com.google.zxing.qrcode.decoder.Version;

/**
 * Which modules of a symbol carry data (and so are masked): everything except the finder patterns
 * with their separators, format information and dark module, timing patterns, alignment patterns
 * and, from version 7, version information (ISO/IEC 18004 §6.3).
 */
final class FunctionPatterns {

    private FunctionPatterns() {}

    /** Row-major, {@code n * n}: 1 where a data (or remainder) bit sits, 0 on function patterns. */
    static byte[] dataModules(Version version) {
        int n = version.getDimensionForVersion();
        byte[] function = new byte[n * n];
        fill(function, n, 0, 0, 9, 9);
        fill(function, n, n - 8, 0, 8, 9);
        fill(function, n, 0, n - 8, 9, 8);
        int[] centres = version.getAlignmentPatternCenters();
        for (int cy : centres) {
            for (int cx : centres) {
                if (function[cy * n + cx] == 0) { // the three that would overlap a finder are left out
                    fill(function, n, cx - 2, cy - 2, 5, 5);
                }
            }
        }
        fill(function, n, 0, 6, n, 1);
        fill(function, n, 6, 0, 1, n);
        if (version.getVersionNumber() >= 7) {
            fill(function, n, n - 11, 0, 3, 6);
            fill(function, n, 0, n - 11, 6, 3);
        }
        for (int i = 0; i < function.length; i++) {
            function[i] ^= 1;
        }
        return function;
    }

    private static void fill(byte[] m, int n, int x, int y, int width, int height) {
        for (int row = y; row < y + height; row++) {
            java.util.Arrays.fill(m, row * n + x, row * n + x + width, (byte) 1);
        }
    }
}
