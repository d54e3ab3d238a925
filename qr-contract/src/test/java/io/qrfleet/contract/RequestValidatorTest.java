package io.qrfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    /** Version-40 byte-mode capacity per level: the longest lower-case ASCII text that still fits. */
    private static final int[] BYTE_CAPACITY = {2953, 2331, 1663, 1273};

    private static JobRequest content(String content) {
        return new JobRequest(content, null, null, null, null, null, null);
    }

    private static JobRequest request(String format, Integer size, Integer margin, String ecc, String fg, String bg) {
        return new JobRequest("https://example.com", format, size, margin, ecc, fg, bg);
    }

    private static List<Violation> violations(JobRequest request) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, request::toRenderRequest);
        assertThat(e).as("expected %s to be rejected", request).isNotNull();
        return e.violations();
    }

    @Test
    void appliesEveryDefault() {
        RenderRequest r = content("https://example.com").toRenderRequest();
        assertThat(r).isEqualTo(new RenderRequest("https://example.com", Format.PNG, 512, 4, ErrorCorrection.M,
                "#000000", "#FFFFFF"));
    }

    @Test
    void contentIsRequired() {
        assertThat(violations(content(null))).containsExactly(new Violation("content", "is required"));
    }

    @Test
    void contentMustNotBeEmpty() {
        assertThat(violations(content(""))).containsExactly(new Violation("content", "must not be empty"));
    }

    @Test
    void contentLongerThanAnyQrCodeIsRejectedWithoutEncoding() {
        assertThat(violations(content("1".repeat(7090)))).containsExactly(
                new Violation("content", "is too long for any QR code (7090 characters, at most 7089)"));
    }

    @Test
    void longestNumericContentFitsAtLowErrorCorrection() {
        assertThat(new JobRequest("1".repeat(7089), null, null, null, "L", null, null).toRenderRequest().content())
                .hasSize(7089);
    }

    @ParameterizedTest
    @ValueSource(strings = {"L", "M", "Q", "H"})
    void contentAtCapacityFitsAndOneMoreCharacterDoesNot(String level) {
        int capacity = BYTE_CAPACITY[ErrorCorrection.valueOf(level).ordinal()];
        String text = "lorem ipsum dolor ".repeat(200);
        JobRequest fits = new JobRequest(text.substring(0, capacity), null, null, null, level, null, null);
        JobRequest tooLong = new JobRequest(text.substring(0, capacity + 1), null, null, null, level, null, null);

        assertThat(fits.toRenderRequest().errorCorrection()).isEqualTo(ErrorCorrection.valueOf(level));
        assertThat(violations(tooLong)).containsExactly(new Violation("content",
                "is too long for a QR code at error correction " + level + "; shorten it or choose a lower level"));
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        String message = "must be valid Unicode text (it has an unpaired surrogate)";
        assertThat(violations(content("a\uD83D"))).containsExactly(new Violation("content", message));
        assertThat(violations(content("\uDE00b"))).containsExactly(new Violation("content", message));
        assertThat(violations(content("\uD83D\uD83D\uDE00"))).containsExactly(new Violation("content", message));
        assertThat(content("smile \uD83D\uDE00").toRenderRequest().content()).isEqualTo("smile \uD83D\uDE00");
    }

    @ParameterizedTest
    @CsvSource({"63, false", "64, true", "2048, true", "2049, false", "0, false", "-512, false"})
    void sizeLimits(int size, boolean valid) {
        JobRequest r = request(null, size, null, null, null, null);
        if (valid) {
            assertThat(r.toRenderRequest().size()).isEqualTo(size);
        } else {
            assertThat(violations(r)).containsExactly(new Violation("size", "must be between 64 and 2048 pixels"));
        }
    }

    @ParameterizedTest
    @CsvSource({"-1, false", "0, true", "16, true", "17, false"})
    void marginLimits(int margin, boolean valid) {
        // 2048 px so that even margin 16 leaves room for the code
        JobRequest r = request(null, 2048, margin, null, null, null);
        if (valid) {
            assertThat(r.toRenderRequest().margin()).isEqualTo(margin);
        } else {
            assertThat(violations(r)).containsExactly(new Violation("margin", "must be between 0 and 16 modules"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PNG", "jpeg", "", " png", "svg+xml"})
    void formatMustBeLowerCasePngOrSvg(String format) {
        assertThat(violations(request(format, null, null, null, null, null)))
                .containsExactly(new Violation("format", "must be \"png\" or \"svg\""));
    }

    @Test
    void formatSvgIsAccepted() {
        assertThat(request("svg", null, null, null, null, null).toRenderRequest().format()).isEqualTo(Format.SVG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"l", "X", "", "MEDIUM", "M "})
    void errorCorrectionMustBeOneOfTheFourLevels(String ecc) {
        assertThat(violations(request(null, null, null, ecc, null, null)))
                .containsExactly(new Violation("errorCorrection", "must be one of L, M, Q, H"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000", "#000", "#0000000", "#GG0000", "black", "", "#00000 ", "rgb(0,0,0)"})
    void coloursMustBeHexTriplets(String colour) {
        assertThat(violations(request(null, null, null, null, colour, null)))
                .containsExactly(new Violation("foreground", "must be a colour in #RRGGBB form"));
        assertThat(violations(request(null, null, null, null, null, colour)))
                .containsExactly(new Violation("background", "must be a colour in #RRGGBB form"));
    }

    @Test
    void coloursAreCanonicalisedToUpperCase() {
        RenderRequest r = request(null, null, null, null, "#1a2b3c", "#ffffee").toRenderRequest();
        assertThat(r.foreground()).isEqualTo("#1A2B3C");
        assertThat(r.background()).isEqualTo("#FFFFEE");
    }

    @Test
    void lowContrastIsRejected() {
        assertThat(violations(request(null, null, null, null, "#999999", "#FFFFFF"))).containsExactly(
                new Violation("foreground", "contrast with the background is 2.8:1, at least 3:1 is needed to scan"));
        assertThat(violations(request(null, null, null, null, "#FFFFFF", "#FFFFFF"))).containsExactly(
                new Violation("foreground", "contrast with the background is 1.0:1, at least 3:1 is needed to scan"));
    }

    @Test
    void darkEnoughColoursAreAccepted() {
        assertThat(request(null, null, null, null, "#767676", "#FFFFFF").toRenderRequest().foreground())
                .isEqualTo("#767676");
        assertThat(request(null, null, null, null, "#003366", "#FFF4D6").toRenderRequest().background())
                .isEqualTo("#FFF4D6");
    }

    @Test
    void lightOnDarkIsRejected() {
        assertThat(violations(request(null, null, null, null, "#FFFFFF", "#000000"))).containsExactly(
                new Violation("foreground",
                        "must be darker than the background: many scanners cannot read light-on-dark codes"));
    }

    @Test
    void sizeTooSmallForTheContentNamesTheSize() {
        // 100 bytes need version 6 at M (41 modules); 41 + 2 * 16 = 73 > 64
        JobRequest r = new JobRequest("x".repeat(100), null, 64, 16, null, null, null);
        assertThat(violations(r)).containsExactly(
                new Violation("size", "must be at least 73 pixels for this content with margin 16"));
        assertThat(new JobRequest("x".repeat(100), null, 73, 16, null, null, null).toRenderRequest().size())
                .isEqualTo(73);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        JobRequest r = new JobRequest(null, "gif", 10, 99, "Z", "red", "#FFFFFF");
        assertThat(violations(r)).extracting(Violation::field)
                .containsExactlyInAnyOrder("format", "size", "margin", "errorCorrection", "foreground", "content");
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, r::toRenderRequest);
        assertThat(e).hasMessageContaining("size: must be between 64 and 2048 pixels");
    }
}
