package io.qrfleet.contract.render;

/**
 * The mask penalty score of ISO/IEC 18004 §7.8.3 exactly as zxing's encoder computes it (its
 * reading of rule 3 wants four light modules inside the symbol on either side; the quiet zone does
 * not count), so the mask chosen here is the one zxing would choose. Rows and columns are packed
 * into 64-module words and each rule is evaluated a word at a time.
 */
final class MaskPenalty {

    private MaskPenalty() {}

    /** Scores a symbol given as {@code words} 64-module words per row and per column (bit x of a row is module x). */
    static int score(long[] rows, long[] cols, int n, int words) {
        int runs = 0;
        int finderLike = 0;
        int blocks = 0;
        int dark = 0;
        for (int line = 0; line < n; line++) {
            runs += runs(rows, line * words, words, n) + runs(cols, line * words, words, n);
            finderLike += finderLike(rows, line * words, words, n) + finderLike(cols, line * words, words, n);
            for (int i = 0; i < words; i++) {
                dark += Long.bitCount(rows[line * words + i]);
                if (line + 1 < n) {
                    blocks += Long.bitCount(blocks(rows, line * words, words, i) & valid(i, 0, n - 2));
                }
            }
        }
        int total = n * n;
        int balance = Math.abs(dark * 2 - total) * 10 / total;
        return runs + 3 * blocks + 40 * finderLike + 10 * balance;
    }

    /**
     * Rule 1: a run of L >= 5 same-coloured modules costs L - 2 = (L - 4) + 2: one for each of the L - 4
     * windows of five equal modules in it, plus two for the window that starts the run.
     */
    private static int runs(long[] a, int base, int words, int n) {
        int penalty = 0;
        for (int i = 0; i < words; i++) {
            long window = equal(a, base, words, i, 0, n)
                    & equal(a, base, words, i, 1, n)
                    & equal(a, base, words, i, 2, n)
                    & equal(a, base, words, i, 3, n);
            long starts = window & ~equal(a, base, words, i, -1, n);
            penalty += Long.bitCount(window) + 2 * Long.bitCount(starts);
        }
        return penalty;
    }

    /** Bit x: modules x + k and x + k + 1 exist and have the same colour. */
    private static long equal(long[] a, int base, int words, int i, int k, int n) {
        return ~(word(a, base, words, i, k) ^ word(a, base, words, i, k + 1)) & valid(i, -k, n - 2 - k);
    }

    /** Rule 3: dark-light-dark-dark-dark-light-dark with four light modules (inside the symbol) before or after. */
    private static int finderLike(long[] a, int base, int words, int n) {
        int count = 0;
        for (int i = 0; i < words; i++) {
            long pattern = word(a, base, words, i, 0)
                    & ~word(a, base, words, i, 1)
                    & word(a, base, words, i, 2)
                    & word(a, base, words, i, 3)
                    & word(a, base, words, i, 4)
                    & ~word(a, base, words, i, 5)
                    & word(a, base, words, i, 6);
            if (pattern != 0) {
                long before = ~(word(a, base, words, i, -4)
                                | word(a, base, words, i, -3)
                                | word(a, base, words, i, -2)
                                | word(a, base, words, i, -1))
                        & valid(i, 4, n - 1);
                long after = ~(word(a, base, words, i, 7)
                                | word(a, base, words, i, 8)
                                | word(a, base, words, i, 9)
                                | word(a, base, words, i, 10))
                        & valid(i, 0, n - 11);
                count += Long.bitCount(pattern & (before | after));
            }
        }
        return count;
    }

    /** Rule 2, bit x: the 2x2 block with top-left corner (x, row) is one colour; the row below follows in {@code a}. */
    private static long blocks(long[] a, int base, int words, int i) {
        long top = word(a, base, words, i, 0);
        long topRight = word(a, base, words, i, 1);
        long bottom = word(a, base + words, words, i, 0);
        long bottomRight = word(a, base + words, words, i, 1);
        return ~(top ^ bottom) & ~(topRight ^ bottomRight) & ~(top ^ topRight);
    }

    /** Word i of a line, shifted so that bit j holds module 64 i + j + k; modules outside the line are light. */
    private static long word(long[] a, int base, int words, int i, int k) {
        int bit = 64 * i + k;
        int w = bit >> 6;
        int shift = bit & 63;
        long low = w >= 0 && w < words ? a[base + w] : 0;
        if (shift == 0) {
            return low;
        }
        long high = w + 1 < words ? a[base + w + 1] : 0;
        return low >>> shift | high << (64 - shift);
    }

    /** Bits of word i whose module index x satisfies from <= x <= to. */
    private static long valid(int i, int from, int to) {
        long mask = -1L;
        int low = from - 64 * i;
        int high = to - 64 * i;
        if (high < 0 || low > 63) {
            return 0;
        }
        if (low > 0) {
            mask &= -1L << low;
        }
        if (high < 63) {
            mask &= -1L >>> (63 - high);
        }
        return mask;
    }
}
