package io.qrfleet.contract.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checks run on user input cost linear time: counted in character reads, not in seconds. A
 * check that reads four times the input four times as often is linear; a backtracking one reads
 * it about sixteen times as often (shown first, on the e-mail expression the checks replaced).
 */
class LinearChecksTest {

    /** The input as a CharSequence that counts every character read. */
    private static final class Counting implements CharSequence {
        private final String text;
        long reads;

        Counting(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counting(text.substring(start, end));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static long reads(Predicate<CharSequence> check, String input) {
        Counting counting = new Counting(input);
        check.test(counting);
        return counting.reads;
    }

    /** Reads for 4n characters over reads for n: about 4 when linear, about 16 when quadratic. */
    private static double growth(Predicate<CharSequence> check, java.util.function.IntFunction<String> input, int n) {
        return (double) reads(check, input.apply(4 * n)) / reads(check, input.apply(n));
    }

    @Test
    void theCounterSeesTheQuadraticExpressionTheEmailCheckReplaced() {
        Pattern old = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        assertThat(growth(s -> old.matcher(s).matches(), n -> "a@" + ".".repeat(n) + " ", 2_000))
                .isGreaterThan(12);
    }

    @Test
    void theEmailCheckReadsEachCharacterAtMostOnceAndNothingOverItsLimit() {
        String longest = "a@" + ".".repeat(Fields.MAX_EMAIL_LENGTH - 3) + " ";

        assertThat(reads(Fields::isEmail, longest)).isLessThanOrEqualTo(longest.length());
        assertThat(reads(Fields::isEmail, "a@" + ".".repeat(64_000) + " ")).isZero();
        assertThat(Fields.isEmail("ann@example.com")).isTrue();
    }

    @Test
    void thePhoneExpressionsAreLinear() {
        assertThat(growth(s -> Fields.PHONE.matcher(s).matches(), n -> "+" + "1".repeat(n) + "x", 16_000))
                .isLessThan(5);
        assertThat(growth(
                        s -> Fields.PHONE_FORMATTING.matcher(s).replaceAll("").isEmpty(),
                        n -> "(1) ".repeat(n / 4),
                        16_000))
                .isLessThan(5);
    }
}
