package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small checks shared by the content types; each adds a violation named {@code data.<field>}. */
final class Fields {

    /** What a phone number may hold once its formatting is dropped: an optional +, 3 to 32 digits, * or #. */
    static final Pattern PHONE = Pattern.compile("\\+?[0-9*#]{3,32}");
    /** The formatting people type in phone numbers: white space, brackets, dots, dashes and slashes. */
    static final Pattern PHONE_FORMATTING = Pattern.compile("[\\s().\\-/]");
    /** RFC 5321's limit on a forward path; longer is refused before anything else looks at it. */
    static final int MAX_EMAIL_LENGTH = 254;
    /** What would change the meaning of the mailto: URI or vCard line the address goes into. */
    private static final String NOT_IN_EMAIL = "?&#%,;:<>\"\\";

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
            violations.add(new Violation(
                    "data." + field,
                    "must be a phone number such as +44 20 7946 0958: an optional +, then 3 to 32 digits, * or #"
                            + " (spaces, brackets, dots, dashes and slashes are dropped)"));
        }
    }

    /** The number without its formatting: {@code +44 (20) 7946-0958} becomes {@code +442079460958}. */
    static String compactPhone(String value) {
        return PHONE_FORMATTING.matcher(value).replaceAll("");
    }

    void email(String field, String value) {
        if (present(field, value) && !isEmail(value)) {
            violations.add(new Violation(
                    "data." + field,
                    "must be an e-mail address such as ann@example.com, at most " + MAX_EMAIL_LENGTH
                            + " characters, without spaces or any of " + NOT_IN_EMAIL));
        }
    }

    /**
     * local@domain with one @, a dot inside the domain, no white space and nothing of
     * {@link #NOT_IN_EMAIL}: one pass over at most {@link #MAX_EMAIL_LENGTH} characters (the regular
     * expression it replaces backtracked quadratically on long domains of dots).
     */
    static boolean isEmail(CharSequence value) {
        int length = value.length();
        if (length > MAX_EMAIL_LENGTH) {
            return false;
        }
        int at = -1;
        int dotAfterAt = -1;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)
                    || Character.isISOControl(c)
                    || NOT_IN_EMAIL.indexOf(c) >= 0
                    || (c == '@' && at >= 0)) {
                return false;
            }
            if (c == '@') {
                at = i;
            } else if (c == '.' && at >= 0 && i >= at + 2 && dotAfterAt < 0) {
                dotAfterAt = i;
            }
        }
        return at >= 1 && dotAfterAt > 0 && dotAfterAt < length - 1;
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
