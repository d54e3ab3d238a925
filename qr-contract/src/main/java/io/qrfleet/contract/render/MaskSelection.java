package io.qrfleet.contract.render;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * Picks the data mask the way zxing's encoder does (lowest {@link MaskPenalty}, first on a tie) but
 * from one built matrix instead of eight: zxing rebuilds the whole symbol per candidate mask, which
 * made mask choice three quarters of the render time. Each candidate here is the built symbol with
 * its data modules re-masked and its format information rewritten.
 */
final class MaskSelection {

    private static final int MASKS = 8;
    /** Every mask pattern repeats every 12 modules both ways (periods 2, 3, 4 and 6 divide 12). */
    private static final int PERIOD = 12;
    private static final byte[][] MASK_TILES = tiles();
    /** Format information cells (x, y) of the copy around the top-left finder, least significant bit first. */
    private static final int[][] FORMAT_CELLS = {
            {8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8},
            {1, 8}, {0, 8}};

    private MaskSelection() {
    }

    /** Re-masks {@code code}, built with mask 0, with the best of the eight masks. */
    static void apply(QRCode code) {
        ByteMatrix matrix = code.getMatrix();
        int n = matrix.getWidth();
        byte[] data = FunctionPatterns.dataModules(code.getVersion());
        byte[] unmasked = new byte[n * n];
        byte[][] rows = matrix.getArray();
        for (int y = 0; y < n; y++) {
            System.arraycopy(rows[y], 0, unmasked, y * n, n);
        }
        applyMask(unmasked, data, n, code.getMaskPattern());

        byte[] candidate = new byte[n * n];
        byte[] best = new byte[n * n];
        int bestMask = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int mask = 0; mask < MASKS; mask++) {
            System.arraycopy(unmasked, 0, candidate, 0, candidate.length);
            applyMask(candidate, data, n, mask);
            writeFormat(candidate, n, code.getECLevel(), mask);
            int score = MaskPenalty.score(candidate, n);
            if (score < bestScore) {
                bestScore = score;
                bestMask = mask;
                System.arraycopy(candidate, 0, best, 0, best.length);
            }
        }
        for (int y = 0; y < n; y++) {
            System.arraycopy(best, y * n, rows[y], 0, n);
        }
        code.setMaskPattern(bestMask);
    }

    /** XORs the mask onto the data modules: applying the same mask twice restores them. */
    private static void applyMask(byte[] m, byte[] data, int n, int mask) {
        byte[] tile = MASK_TILES[mask];
        for (int y = 0; y < n; y++) {
            int row = y * n;
            int tileRow = (y % PERIOD) * PERIOD;
            for (int x = 0, tx = 0; x < n; x++, tx = tx == PERIOD - 1 ? 0 : tx + 1) {
                m[row + x] ^= (byte) (data[row + x] & tile[tileRow + tx]);
            }
        }
    }

    /** The 15-bit BCH-protected level and mask (§7.9), in both copies, as zxing places them. */
    private static void writeFormat(byte[] m, int n, ErrorCorrectionLevel level, int mask) {
        int info = (level.getBits() << 3) | mask;
        int remainder = info << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((remainder >> bit & 1) != 0) {
                remainder ^= 0x537 << (bit - 10);
            }
        }
        int bits = ((info << 10) | remainder) ^ 0x5412;
        for (int i = 0; i < 15; i++) {
            byte value = (byte) (bits >> i & 1);
            m[FORMAT_CELLS[i][1] * n + FORMAT_CELLS[i][0]] = value;
            if (i < 8) {
                m[8 * n + n - 1 - i] = value;
            } else {
                m[(n - 15 + i) * n + 8] = value;
            }
        }
    }

    /** The mask conditions of §7.8.2 (x = column, y = row): 1 where a data module is inverted. */
    private static byte[][] tiles() {
        byte[][] tiles = new byte[MASKS][PERIOD * PERIOD];
        for (int mask = 0; mask < MASKS; mask++) {
            for (int y = 0; y < PERIOD; y++) {
                for (int x = 0; x < PERIOD; x++) {
                    boolean invert = switch (mask) {
                        case 0 -> (y + x) % 2 == 0;
                        case 1 -> y % 2 == 0;
                        case 2 -> x % 3 == 0;
                        case 3 -> (y + x) % 3 == 0;
                        case 4 -> (y / 2 + x / 3) % 2 == 0;
                        case 5 -> (y * x) % 2 + (y * x) % 3 == 0;
                        case 6 -> ((y * x) % 2 + (y * x) % 3) % 2 == 0;
                        default -> ((y * x) % 3 + (y + x) % 2) % 2 == 0;
                    };
                    tiles[mask][y * PERIOD + x] = (byte) (invert ? 1 : 0);
                }
            }
        }
        return tiles;
    }
}
