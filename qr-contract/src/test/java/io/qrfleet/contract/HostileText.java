package io.qrfleet.contract;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Text from the corners of Unicode, for property tests at every entry point: C0 and C1 controls,
 * NUL, byte-order marks, lone surrogates, bidirectional and zero-width format characters,
 * noncharacters, secrets behind a BOM, escapes that look like NUL, JSON and CSV punctuation. A
 * fixed seed, so a failure names its case and repeats.
 */
public final class HostileText {

    private static final String[] PIECES = {
        "\uFEFF",
        "\u0000",
        "\uD800",
        "\u202E",
        "\u200B",
        "\uFFFF",
        "\uD83D\uDE00",
        "WIFI:T:WPA;S:a;P:b;;",
        "otpauth://totp/x?secret=AB",
        "\r\n",
        "%00",
        "\\u0000",
        "\"{},;",
        "é",
        "二",
        "\u0085",
        "+",
        "&data=",
        "#"
    };

    private HostileText() {}

    public static Stream<String> strings(long seed, int count) {
        Random random = new Random(seed);
        return IntStream.range(0, count).mapToObj(i -> next(random));
    }

    private static String next(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            switch (random.nextInt(5)) {
                case 0 -> text.append(PIECES[random.nextInt(PIECES.length)]);
                case 4 -> text.append('\u0000'); // the character PostgreSQL cannot store, often
                case 1 ->
                    text.append((char) (random.nextBoolean() ? random.nextInt(0x20) : 0x7F + random.nextInt(0x21)));
                case 2 -> { // any BMP character; a surrogate (one in a piece above is enough) as a NUL
                    char c = (char) random.nextInt(0x10000);
                    text.append(Character.isSurrogate(c) ? '\u0000' : c);
                }
                default -> text.appendCodePoint(0x20 + random.nextInt(0x5F));
            }
        }
        return text.toString();
    }
}
