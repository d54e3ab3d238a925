package io.qrfleet.gateway.batch;

import io.qrfleet.contract.Format;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Archive entry names for one batch: the client's {@code filename} reduced to a safe base name
 * (no directories, no {@code ..}, no control or format characters such as bidirectional overrides,
 * none Windows or shells trip over, NFC-normalised, never a reserved Windows device name), the
 * format's extension added when missing, the row number when nothing usable is left, and a
 * {@code -row} suffix when the name is already taken (compared case-insensitively, as on macOS and
 * Windows).
 */
final class Filenames {

    static final int MAX_LENGTH = 100;
    /** Control, format (bidirectional overrides, zero-width), line and paragraph separators, unassigned. */
    private static final Set<Integer> UNSAFE_TYPES = Set.of(
            (int) Character.CONTROL,
            (int) Character.FORMAT,
            (int) Character.LINE_SEPARATOR,
            (int) Character.PARAGRAPH_SEPARATOR,
            (int) Character.SURROGATE,
            (int) Character.UNASSIGNED,
            (int) Character.PRIVATE_USE);

    /** CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and their superscript-digit forms), with any extension. */
    private static final Pattern RESERVED =
            Pattern.compile("(?i)(CON|PRN|AUX|NUL|(COM|LPT)[0-9\u00b9\u00b2\u00b3])(\\..*)?");

    private final Set<String> taken = new HashSet<>();

    String assign(int row, String requested, Format format) {
        String extension = "." + format.extension();
        String base = requested == null ? "" : sanitise(requested);
        if (base.toLowerCase(Locale.ROOT).endsWith(extension)) {
            base = base.substring(0, base.length() - extension.length());
        }
        if (base.isEmpty()) {
            base = Integer.toString(row);
        } else if (RESERVED.matcher(base).matches()) {
            base = "_" + base;
        }
        String name = base + extension;
        for (int n = 1; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = base + "-" + row + (n > 1 ? "-" + n : "") + extension;
        }
        return name;
    }

    private static String sanitise(String requested) {
        String normalised = Normalizer.normalize(requested, Normalizer.Form.NFC);
        String name = normalised.substring(Math.max(normalised.lastIndexOf('/'), normalised.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder();
        name.codePoints()
                .filter(c -> !UNSAFE_TYPES.contains(Character.getType(c)) && "<>:\"|?*".indexOf(c) < 0)
                .limit(MAX_LENGTH)
                .forEach(safe::appendCodePoint);
        // leading dots would hide the file or climb directories; trailing dots and spaces vanish on Windows
        return safe.toString().replaceAll("^[.\\s]+|[.\\s]+$", "");
    }
}
