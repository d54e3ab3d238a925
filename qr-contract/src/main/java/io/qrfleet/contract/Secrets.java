package io.qrfleet.contract;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Result;
import com.google.zxing.client.result.ParsedResultType;
import com.google.zxing.client.result.ResultParser;
import java.util.List;
import java.util.Locale;

/**
 * Whether a code's content holds a secret (a Wi-Fi password, a one-time-password key), decided on
 * what a scanner sees: zxing's own result parsing (which drops a leading byte-order mark, as
 * scanners do), and the Wi-Fi and otpauth schemes after any leading white space, control or
 * format characters, ignoring case. Such a code is never a shared cache entry: its image is kept
 * per tenant and served private.
 */
public final class Secrets {

    private static final List<String> SECRET_SCHEMES = List.of("wifi:", "otpauth:", "otpauth-migration:");

    private Secrets() {}

    public static boolean heldIn(String content) {
        Result scanned = new Result(content, null, null, BarcodeFormat.QR_CODE);
        if (ResultParser.parseResult(scanned).getType() == ParsedResultType.WIFI) {
            return true;
        }
        String text = stripLeading(content).toLowerCase(Locale.ROOT);
        return SECRET_SCHEMES.stream().anyMatch(text::startsWith);
    }

    /** Without leading white space, controls and format characters (a byte-order mark is one). */
    private static String stripLeading(String text) {
        int i = 0;
        while (i < text.length()
                && (Character.isWhitespace(text.charAt(i))
                        || Character.isISOControl(text.charAt(i))
                        || Character.getType(text.charAt(i)) == Character.FORMAT)) {
            i++;
        }
        return text.substring(i);
    }
}
