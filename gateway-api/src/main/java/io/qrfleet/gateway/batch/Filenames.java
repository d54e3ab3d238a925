package io.qrfleet.gateway.batch;

import io.qrfleet.contract.Format;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Archive entry names for one batch: the client's {@code filename} reduced to a safe base name
 * (no directories, no {@code ..}, no characters Windows or shells trip over), the format's extension
 * added when missing, the row number when nothing usable is left, and a {@code -row} suffix when
 * the name is already taken (compared case-insensitively, as on macOS and Windows).
 */
final class Filenames {

    static final int MAX_LENGTH = 100;

    private final Set<String> taken = new HashSet<>();

    String assign(int row, String requested, Format format) {
        String extension = "." + format.extension();
        String base = requested == null ? "" : sanitise(requested);
        if (base.toLowerCase(Locale.ROOT).endsWith(extension)) {
            base = base.substring(0, base.length() - extension.length());
        }
        if (base.isEmpty()) {
            base = Integer.toString(row);
        }
        String name = base + extension;
        for (int n = 1; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = base + "-" + row + (n > 1 ? "-" + n : "") + extension;
        }
        return name;
    }

    private static String sanitise(String requested) {
        String name = requested.substring(Math.max(requested.lastIndexOf('/'), requested.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder();
        name.codePoints().filter(c -> c >= 0x20 && c != 0x7f && "<>:\"|?*".indexOf(c) < 0)
                .limit(MAX_LENGTH).forEach(safe::appendCodePoint);
        // leading dots would hide the file or climb directories; trailing dots and spaces vanish on Windows
        return safe.toString().replaceAll("^[.\\s]+|[.\\s]+$", "");
    }
}
