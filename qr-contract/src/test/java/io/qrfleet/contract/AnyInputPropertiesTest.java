package io.qrfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over generated input (a fixed seed, so a failure names its case and repeats): whatever
 * text and colours a client sends, the request is refused naming the field, or accepted and then
 * rendered into a code that decodes to it, by the verifier's full path (binariser, detector,
 * decoder). Before #23's fix, 23 of 516 accepted random colour pairs never decoded and NUL reached
 * the database.
 */
class AnyInputPropertiesTest {

    private static final int TRIES = 1500;

    @ParameterizedTest
    @MethodSource("texts")
    void anyContentIsRefusedByNameOrRendersAndDecodes(String content) throws Exception {
        RenderRequest request;
        try {
            request = new JobRequest(content, "png", 256, 4, "L", null, null).toRenderRequest();
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).extracting(Violation::field).isSubsetOf("content", "size");
            return;
        }
        assertThat(content).doesNotContain("\u0000");
        byte[] image = QrRenderer.render(request).bytes();
        assertThat(QrVerifier.verify(request, image, Verification.GRID))
                .as("its grid decodes %s", request)
                .isTrue();
        assertThat(QrVerifier.verify(request, image, Verification.FULL))
                .as("decodes %s", request)
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("colourRequests")
    void anyAcceptedColourPairRendersAndDecodes(JobRequest in) throws Exception {
        RenderRequest request;
        try {
            request = in.toRenderRequest();
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).extracting(Violation::field).containsExactly("foreground");
            assertThat(Colors.scannable(Colors.rgb(in.foreground()), Colors.rgb(in.background())))
                    .isFalse();
            return;
        }
        byte[] image = QrRenderer.render(request).bytes();
        assertThat(QrVerifier.verify(request, image, Verification.GRID))
                .as("its grid decodes %s", request)
                .isTrue();
        assertThat(QrVerifier.verify(request, image, Verification.FULL))
                .as("decodes %s", request)
                .isTrue();
    }

    static Stream<String> texts() {
        return HostileText.strings(23, TRIES);
    }

    static Stream<JobRequest> colourRequests() {
        Random random = new Random(2323);
        String[] levels = {"L", "M", "Q", "H"};
        return IntStream.range(0, TRIES)
                .mapToObj(i -> new JobRequest(
                        "https://example.com/menu?table=12",
                        random.nextBoolean() ? "svg" : "png",
                        64 + random.nextInt(960),
                        random.nextInt(5),
                        levels[random.nextInt(4)],
                        "#%06X".formatted(random.nextInt(0x1000000)),
                        "#%06X".formatted(random.nextInt(0x1000000))));
    }
}
