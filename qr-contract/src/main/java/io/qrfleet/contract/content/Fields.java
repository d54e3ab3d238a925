package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small checks shared by the content types; each adds a violation named {@code data.<field>}. */
final class Fields {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{1,30}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<Violation> violations = new ArrayList<>();

    boolean present(String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation("data." + field, "is required"));
            return false;
        }
        return true;
    }

    void phone(String field, String value) {
        if (present(field, value) && !PHONE.matcher(value).matches()) {
            violations.add(new Violation("data." + field, "must be a phone number such as +44 20 7946 0958"));
        }
    }

    void email(String field, String value) {
        if (present(field, value) && !EMAIL.matcher(value).matches()) {
            violations.add(new Violation("data." + field, "must be an e-mail address such as ann@example.com"));
        }
    }

    void check(boolean ok, String field, String message) {
        if (!ok) {
            violations.add(new Violation("data." + field, message));
        }
    }

    List<Violation> violations() {
        return violations;
    }

    /** Backslash-escapes the characters the given syntax treats as special. */
    static String escape(String value, String specials) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (specials.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
