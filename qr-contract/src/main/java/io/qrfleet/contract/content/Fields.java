package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small checks shared by the content types; each adds a violation named {@code data.<field>}. */
final class Fields {

    /** What a phone number may hold once its formatting is dropped: an optional +, 3 to 32 digits, * or #. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9*#]{3,32}");
    /** The formatting people type in phone numbers: white space, brackets, dots, dashes and slashes. */
    private static final Pattern PHONE_FORMATTING = Pattern.compile("[\\s().\\-/]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<Violation> violations = new ArrayList<>();

    boolean present(String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation("data." + field, "is required"));
            return false;
        }
        return true;
    }

    /** Checks a phone number in its compacted form ({@link #compactPhone}), which is what gets encoded. */
    void phone(String field, String value) {
        if (present(field, value) && !PHONE.matcher(compactPhone(value)).matches()) {
            violations.add(new Violation("data." + field,
                    "must be a phone number such as +44 20 7946 0958: an optional +, then 3 to 32 digits, * or #"
                            + " (spaces, brackets, dots, dashes and slashes are dropped)"));
        }
    }

    /** The number without its formatting: {@code +44 (20) 7946-0958} becomes {@code +442079460958}. */
    static String compactPhone(String value) {
        return PHONE_FORMATTING.matcher(value).replaceAll("");
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
