package io.qrfleet.contract.render;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * Picks the data mask the way zxing's encoder does (lowest {@link MaskPenalty}, first on a tie) but
 * from one built symbol instead of eight: zxing rebuilds the whole symbol per candidate mask, which
 * made mask choice three quarters of the render time. The symbol is held as 64-module words, once
 * by rows and once by columns; each candidate is the symbol with its data modules re-masked (a word
 * XOR) and its format information rewritten.
 */
final class MaskSelection {

    private static final int MASKS = 8;
    /** Every mask pattern repeats every 12 modules both ways (periods 2, 3, 4 and 6 divide 12). */
    private static final int PERIOD = 12;
    /** Words per line of the largest symbol (177 modules). */
    private static final int MAX_WORDS = 3;
    /** [mask][(y % 12) * 3 + word]: the modules of row y the mask inverts; COLUMN_TILES likewise for column x. */
    private static final long[][] ROW_TILES = tiles(false);

    private static final long[][] COLUMN_TILES = tiles(true);
    /** Format information cells (x, y) of the copy around the top-left finder, least significant bit first. */
    private static final int[][] FORMAT_CELLS = {
        {8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8},
        {0, 8}
    };

    private MaskSelection() {}

    /** Re-masks {@code code}, as built by zxing with any one mask, with the best of the eight. */
    static void apply(QRCode code) {
        ByteMatrix matrix = code.getMatrix();
        int n = matrix.getWidth();
        int words = (n + 63) >>> 6;
        byte[] data = FunctionPatterns.dataModules(code.getVersion());
        long[] rows = new long[n * words];
        long[] columns = new long[n * words];
        long[] dataRows = new long[n * words];
        long[] dataColumns = new long[n * words];
        byte[][] cells = matrix.getArray();
        long[] built = ROW_TILES[code.getMaskPattern()];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                long isData = data[y * n + x];
                long dark = cells[y][x] ^ (isData & isSet(built, y, x));
                rows[y * words + (x >>> 6)] |= dark << x;
                columns[x * words + (y >>> 6)] |= dark << y;
                dataRows[y * words + (x >>> 6)] |= isData << x;
                dataColumns[x * words + (y >>> 6)] |= isData << y;
            }
        }

        long[] candidateRows = new long[rows.length];
        long[] candidateColumns = new long[columns.length];
        long[] bestRows = new long[rows.length];
        int bestMask = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int mask = 0; mask < MASKS; mask++) {
            applyMask(rows, dataRows, ROW_TILES[mask], candidateRows, n, words);
            applyMask(columns, dataColumns, COLUMN_TILES[mask], candidateColumns, n, words);
            writeFormat(candidateRows, candidateColumns, n, words, code.getECLevel(), mask);
            int score = MaskPenalty.score(candidateRows, candidateColumns, n, words);
            if (score < bestScore) {
                bestScore = score;
                bestMask = mask;
                System.arraycopy(candidateRows, 0, bestRows, 0, bestRows.length);
            }
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                cells[y][x] = (byte) (bestRows[y * words + (x >>> 6)] >>> x & 1);
            }
        }
        code.setMaskPattern(bestMask);
    }

    private static long isSet(long[] tile, int line, int index) {
        return tile[(line % PERIOD) * MAX_WORDS + (index >>> 6)] >>> index & 1;
    }

    private static void applyMask(long[] lines, long[] data, long[] tile, long[] out, int n, int words) {
        for (int line = 0; line < n; line++) {
            int tileRow = (line % PERIOD) * MAX_WORDS;
            for (int w = 0; w < words; w++) {
                int i = line * words + w;
                out[i] = lines[i] ^ (data[i] & tile[tileRow + w]);
            }
        }
    }

    /** The 15-bit BCH-protected level and mask (§7.9), in both copies, as zxing places them. */
    private static void writeFormat(
            long[] rows, long[] columns, int n, int words, ErrorCorrectionLevel level, int mask) {
        int info = (level.getBits() << 3) | mask;
        int remainder = info << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((remainder >> bit & 1) != 0) {
                remainder ^= 0x537 << (bit - 10);
            }
        }
        int bits = ((info << 10) | remainder) ^ 0x5412;
        for (int i = 0; i < 15; i++) {
            int value = bits >> i & 1;
            set(rows, columns, n, words, FORMAT_CELLS[i][0], FORMAT_CELLS[i][1], value);
            if (i < 8) {
                set(rows, columns, n, words, n - 1 - i, 8, value);
            } else {
                set(rows, columns, n, words, 8, n - 15 + i, value);
            }
        }
    }

    private static void set(long[] rows, long[] columns, int n, int words, int x, int y, int value) {
        int r = y * words + (x >>> 6);
        int c = x * words + (y >>> 6);
        rows[r] = rows[r] & ~(1L << x) | (long) value << x;
        columns[c] = columns[c] & ~(1L << y) | (long) value << y;
    }

    /** The mask conditions of §7.8.2 (x = column, y = row) as words; by columns, x and y trade places. */
    private static long[][] tiles(boolean byColumn) {
        long[][] tiles = new long[MASKS][PERIOD * MAX_WORDS];
        for (int mask = 0; mask < MASKS; mask++) {
            for (int line = 0; line < PERIOD; line++) {
                for (int index = 0; index < 64 * MAX_WORDS; index++) {
                    int x = byColumn ? line : index;
                    int y = byColumn ? index : line;
                    if (inverts(mask, x, y)) {
                        tiles[mask][line * MAX_WORDS + (index >>> 6)] |= 1L << index;
                    }
                }
            }
        }
        return tiles;
    }

    private static boolean inverts(int mask, int x, int y) {
        return switch (mask) {
            case 0 -> (y + x) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (y + x) % 3 == 0;
            case 4 -> (y / 2 + x / 3) % 2 == 0;
            case 5 -> (y * x) % 2 + (y * x) % 3 == 0;
            case 6 -> ((y * x) % 2 + (y * x) % 3) % 2 == 0;
            default -> ((y * x) % 3 + (y + x) % 2) % 2 == 0;
        };
    }
}
