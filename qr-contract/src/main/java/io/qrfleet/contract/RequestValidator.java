package io.qrfleet.contract;

import com.google.zxing.WriterException;
import io.qrfleet.contract.render.QrEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a {@link JobRequest} against {@link RequestLimits}; whether content fits, from zxing's version tables. */
final class RequestValidator {

    private RequestValidator() {}

    static RenderRequest validate(JobRequest in) {
        List<Violation> violations = new ArrayList<>();
        Format format = in.format() == null ? RequestLimits.DEFAULT_FORMAT : Format.parse(in.format());
        if (format == null) {
            violations.add(new Violation("format", "must be \"png\" or \"svg\""));
        }
        int size = in.size() == null ? RequestLimits.DEFAULT_SIZE : in.size();
        if (size < RequestLimits.MIN_SIZE || size > RequestLimits.MAX_SIZE) {
            violations.add(new Violation(
                    "size",
                    "must be between %d and %d pixels".formatted(RequestLimits.MIN_SIZE, RequestLimits.MAX_SIZE)));
        }
        int margin = in.margin() == null ? RequestLimits.DEFAULT_MARGIN : in.margin();
        if (margin < 0 || margin > RequestLimits.MAX_MARGIN) {
            violations.add(
                    new Violation("margin", "must be between 0 and %d modules".formatted(RequestLimits.MAX_MARGIN)));
        }
        ErrorCorrection ecc = in.errorCorrection() == null
                ? RequestLimits.DEFAULT_ERROR_CORRECTION
                : ErrorCorrection.parse(in.errorCorrection());
        if (ecc == null) {
            violations.add(new Violation("errorCorrection", "must be one of L, M, Q, H"));
        }
        String foreground = color(in.foreground(), RequestLimits.DEFAULT_FOREGROUND, "foreground", violations);
        String background = color(in.background(), RequestLimits.DEFAULT_BACKGROUND, "background", violations);
        if (foreground != null && background != null) {
            checkContrast(foreground, background, violations);
        }
        checkContent(in.content(), violations);
        if (violations.isEmpty()) {
            checkFits(in.content(), ecc, size, margin, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new RenderRequest(in.content(), format, size, margin, ecc, foreground, background);
    }

    private static String color(String value, String fallback, String field, List<Violation> violations) {
        if (value == null) {
            return fallback;
        }
        if (!Colors.isValid(value)) {
            violations.add(new Violation(field, "must be a colour in #RRGGBB form"));
            return null;
        }
        return Colors.canonical(value);
    }

    private static void checkContrast(String foreground, String background, List<Violation> violations) {
        int fg = Colors.rgb(foreground);
        int bg = Colors.rgb(background);
        if (!Colors.scannable(fg, bg)) {
            violations.add(new Violation(
                    "foreground",
                    String.format(
                            Locale.ROOT,
                            "contrast with the background is too low to scan: luma %d against %d; the modules need at most "
                                    + "%.0f %% of the background's luma and %d levels less (light on dark: of the inverted image)",
                            Colors.luma(fg),
                            Colors.luma(bg),
                            RequestLimits.MAX_DARK_LUMA_SHARE * 100,
                            RequestLimits.MIN_LUMA_DIFFERENCE)));
        }
    }

    private static void checkContent(String content, List<Violation> violations) {
        if (content == null) {
            violations.add(new Violation("content", "is required"));
        } else if (content.isEmpty()) {
            violations.add(new Violation("content", "must not be empty"));
        } else if (content.length() > RequestLimits.MAX_CONTENT_CHARS) {
            violations.add(new Violation(
                    "content",
                    "is too long for any QR code (%d characters, at most %d)"
                            .formatted(content.length(), RequestLimits.MAX_CONTENT_CHARS)));
        } else if (content.indexOf('\u0000') >= 0) {
            violations.add(new Violation("content", RequestLimits.NO_NUL));
        } else if (!isWellFormed(content)) {
            violations.add(new Violation("content", "must be valid Unicode text (it has an unpaired surrogate)"));
        }
    }

    private static void checkFits(
            String content, ErrorCorrection ecc, int size, int margin, List<Violation> violations) {
        int modules;
        try {
            modules = QrEncoding.modules(content, ecc);
        } catch (WriterException e) {
            violations.add(new Violation(
                    "content",
                    "is too long for a QR code at error correction %s; shorten it or choose a lower level"
                            .formatted(ecc)));
            return;
        }
        int needed = modules + 2 * margin;
        if (needed > size) {
            violations.add(new Violation(
                    "size", "must be at least %d pixels for this content with margin %d".formatted(needed, margin)));
        }
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
