package io.qrfleet.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/** {@code #RRGGBB} colours and the WCAG 2 contrast ratio between two of them. */
public final class Colors {

    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");

    private Colors() {
    }

    public static boolean isValid(String value) {
        return value != null && HEX.matcher(value).matches();
    }

    public static String canonical(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    public static int rgb(String value) {
        return Integer.parseInt(value.substring(1), 16);
    }

    /** Relative luminance per WCAG 2.1, 0 (black) to 1 (white). */
    public static double luminance(int rgb) {
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    public static double contrast(int first, int second) {
        double a = luminance(first);
        double b = luminance(second);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double channel(int value) {
        double c = (value & 0xFF) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
