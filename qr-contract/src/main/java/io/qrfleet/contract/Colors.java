package io.qrfleet.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code #RRGGBB} colours, and the one rule for whether a pair of them scans. A scanner sees a
 * camera's luma (BT.601, the Y of its YUV frames; zxing's image sources compute the same) and
 * thresholds each block of it locally: a block of even tone is taken for light unless it is darker
 * than about half of its neighbourhood. So the modules' luma must be at most {@link
 * RequestLimits#MAX_DARK_LUMA_SHARE} of the background's, and differ from it by at least {@link
 * RequestLimits#MIN_LUMA_DIFFERENCE} levels; for light modules on a dark background the same holds
 * of the inverted image (255 minus luma), which is what scanners that read such codes decode. The
 * verifier decodes with that same binariser, and a property test holds the two together
 * (AnyInputPropertiesTest).
 */
public final class Colors {

    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");

    private Colors() {}

    public static boolean isValid(String value) {
        return value != null && HEX.matcher(value).matches();
    }

    public static String canonical(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    public static int rgb(String value) {
        return Integer.parseInt(value.substring(1), 16);
    }

    /** BT.601 luma, 0 to 255, in zxing's integer form. */
    public static int luma(int rgb) {
        return (306 * ((rgb >> 16) & 0xFF) + 601 * ((rgb >> 8) & 0xFF) + 117 * (rgb & 0xFF) + 0x200) >> 10;
    }

    /** Whether a code in these two colours scans: the rule above. */
    public static boolean scannable(int foreground, int background) {
        int dark = luma(foreground);
        int light = luma(background);
        if (dark > light) { // a scanner that reads light-on-dark codes inverts the image first
            dark = 255 - dark;
            light = 255 - light;
        }
        return dark <= light * RequestLimits.MAX_DARK_LUMA_SHARE && light - dark >= RequestLimits.MIN_LUMA_DIFFERENCE;
    }

    /** Light modules on a dark background: scanners must invert the image, and some do not. */
    public static boolean inverted(int foreground, int background) {
        return luma(foreground) > luma(background);
    }
}
