package io.qrfleet.gateway.job;

import com.google.zxing.WriterException;
import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.RequestLimits;
import io.qrfleet.contract.Violation;
import io.qrfleet.contract.render.QrEncoding;
import io.qrfleet.gateway.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * goQR's {@code /v1/create-qr-code/} parameters (goqr.me/api/doc/create-qr-code/) mapped onto a
 * job, with goQR's defaults (200 px, ecc L, quiet zone 0, 1 px margin). What cannot be honoured
 * (gif, jpeg, eps, ISO-8859-1, a size that is not square) is refused by name, never ignored.
 * docs/goqr.md lists the mapping and every difference.
 */
final class GoQrQuery {

    /** Job field to goQR parameter, for the job's own checks. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "content",
            "data",
            "format",
            "format",
            "size",
            "size",
            "margin",
            "qzone",
            "errorCorrection",
            "ecc",
            "foreground",
            "color",
            "background",
            "bgcolor");

    private static final Set<String> KNOWN = Set.of(
            "data", "size", "charset-source", "charset-target", "ecc", "color", "bgcolor", "margin", "qzone", "format");
    private static final Set<String> UNSUPPORTED_FORMATS = Set.of("gif", "jpeg", "jpg", "eps");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})x([0-9]{1,9})");
    private static final Pattern DECIMAL_RGB = Pattern.compile("([0-9]{1,3})-([0-9]{1,3})-([0-9]{1,3})");
    private static final Pattern HEX_RGB = Pattern.compile("[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}");
    private static final int MAX_MARGIN_PIXELS = 50;

    private GoQrQuery() {}

    static RenderRequest read(MultiValueMap<String, String> query) {
        QueryParameters q = new QueryParameters(query, KNOWN);
        List<Violation> violations = new ArrayList<>();
        String format = format(q.text("format"), violations);
        Integer size = size(q.text("size"));
        charset("charset-source", q.text("charset-source"), violations);
        charset("charset-target", q.text("charset-target"), violations);
        String ecc = q.text("ecc") == null ? "L" : q.text("ecc").toUpperCase(Locale.ROOT);
        String foreground = color("color", q.text("color"), "#000000", violations);
        String background = color("bgcolor", q.text("bgcolor"), "#FFFFFF", violations);
        Integer quietZone = q.integer("qzone");
        Integer margin = q.integer("margin");
        int qzone = quietZone == null ? 0 : quietZone;
        int marginPixels = margin == null ? 1 : margin;
        if (marginPixels < 0 || marginPixels > MAX_MARGIN_PIXELS) {
            violations.add(new Violation("margin", "must be between 0 and " + MAX_MARGIN_PIXELS + " pixels"));
        } else if ("png".equals(format)) {
            // goQR ignores the pixel margin for vector formats
            int modules = modules(q.text("data"), ecc, size, qzone, marginPixels);
            if (qzone <= RequestLimits.MAX_MARGIN && qzone + modules > RequestLimits.MAX_MARGIN) {
                violations.add(new Violation(
                        "margin",
                        "is %d modules at this size; with qzone at most %d modules fit"
                                .formatted(modules, RequestLimits.MAX_MARGIN)));
            } else {
                qzone += modules;
            }
        }
        JobRequest request = new JobRequest(q.text("data"), format, size, qzone, ecc, foreground, background);
        return QueryParameters.render(request, PARAMETERS, violations);
    }

    private static String format(String value, List<Violation> violations) {
        String format = value == null ? "png" : value.toLowerCase(Locale.ROOT);
        if (UNSUPPORTED_FORMATS.contains(format)) {
            violations.add(new Violation("format", format + " is not supported here: use png or svg"));
            return "png";
        }
        return format;
    }

    /** goQR's sizes are WIDTHxHEIGHT; a QR code is square, so both must be equal. */
    private static Integer size(String value) {
        if (value == null) {
            return 200;
        }
        Matcher size = SIZE.matcher(value);
        if (!size.matches()) {
            throw new BadRequestException(
                    List.of(new Violation("size", "must be WIDTHxHEIGHT in pixels, e.g. 200x200")));
        }
        if (Integer.parseInt(size.group(1)) != Integer.parseInt(size.group(2))) {
            throw new BadRequestException(
                    List.of(new Violation("size", "must be square, e.g. 200x200: a QR code is as high as it is wide")));
        }
        return Integer.parseInt(size.group(1));
    }

    private static void charset(String name, String value, List<Violation> violations) {
        if (value != null && !value.equalsIgnoreCase("UTF-8")) {
            violations.add(new Violation(name, "must be UTF-8: " + value + " is not supported here"));
        }
    }

    /** goQR's colour forms: decimal {@code 255-0-0}, hex {@code f00} or {@code ff0000}. */
    private static String color(String name, String value, String fallback, List<Violation> violations) {
        if (value == null) {
            return fallback;
        }
        Matcher decimal = DECIMAL_RGB.matcher(value);
        if (decimal.matches()) {
            int r = Integer.parseInt(decimal.group(1));
            int g = Integer.parseInt(decimal.group(2));
            int b = Integer.parseInt(decimal.group(3));
            if (r <= 255 && g <= 255 && b <= 255) {
                return String.format(Locale.ROOT, "#%02X%02X%02X", r, g, b);
            }
        } else if (HEX_RGB.matcher(value).matches()) {
            String hex = value.length() == 3
                    ? "" + value.charAt(0) + value.charAt(0) + value.charAt(1) + value.charAt(1) + value.charAt(2)
                            + value.charAt(2)
                    : value;
            return "#" + hex.toUpperCase(Locale.ROOT);
        }
        violations.add(new Violation(
                name, "must be decimal r-g-b (0 to 255 each, e.g. 255-0-0) or hex rgb or rrggbb (f00, ff0000)"));
        return fallback;
    }

    /**
     * goQR's margin is in pixels inside the image; here the border is whole modules, so the margin
     * becomes the nearest number of modules at the module size this content gets at this size.
     */
    private static int modules(String content, String ecc, int size, int qzone, int pixels) {
        ErrorCorrection level = ErrorCorrection.parse(ecc);
        if (content == null || content.isEmpty() || level == null || pixels == 0 || qzone < 0 || qzone > 100) {
            return 0; // nothing to add, or the job's checks report what is wrong
        }
        try {
            int width = QrEncoding.modules(content, level) + 2 * qzone;
            int pixelsPerModule = Math.max(1, size / width);
            return Math.round((float) pixels / pixelsPerModule);
        } catch (WriterException e) {
            return 0;
        }
    }
}
