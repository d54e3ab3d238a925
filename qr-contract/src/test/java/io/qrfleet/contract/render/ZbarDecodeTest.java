package io.qrfleet.contract.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second, independent decoder (ZBar, C) reads our PNGs from disk, as a phone app would read a
 * download. Skipped on a developer machine without {@code zbarimg}; in CI its absence fails.
 */
class ZbarDecodeTest {

    private static final Path ZBARIMG = Path.of("/usr/bin/zbarimg");

    @TempDir
    static Path dir;

    @BeforeAll
    static void requireZbar() {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || Files.isExecutable(ZBARIMG), "zbarimg not installed (apt-get install zbar-tools)");
        assertThat(ZBARIMG).as("CI needs zbarimg: apt-get install zbar-tools").isExecutable();
    }

    static Stream<RenderRequest> cases() {
        return Stream.concat(
                Stream.of(
                                new JobRequest(Corpus.URL_65, null, 315, 4, "M", null, null),
                                new JobRequest("https://example.com", null, 64, 0, "L", null, null),
                                new JobRequest("Grüße aus Köln – 5 €", null, 200, 4, "H", "#003366", "#FFF4D6"),
                                new JobRequest("🎉 launch party 🚀", null, 512, 2, "Q", null, null),
                                new JobRequest("二维码生成服务 · QRコード", null, 300, 4, "M", null, null),
                                new JobRequest("WIFI:T:WPA;S:My\\;Net;P:p\\\\a\\\"ss;;", null, 256, 4, "M", null, null),
                                new JobRequest(Corpus.text(500), null, 279, 4, "M", null, null),
                                new JobRequest(Corpus.text(1270), null, 2048, 4, "H", null, null))
                        .map(JobRequest::toRenderRequest),
                Corpus.grid(io.qrfleet.contract.Format.PNG).stream().filter(r -> r.margin() == 4));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void zbarReadsTheContentBack(RenderRequest request) throws Exception {
        Path png = dir.resolve(request.contentKey() + ".png");
        Files.write(png, QrRenderer.render(request).bytes());
        assertThat(zbar(png)).isEqualTo(request.content());
    }

    private static String zbar(Path png) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ZBARIMG.toString(), "--raw", "-q", png.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("zbarimg exit status").isZero();
        String text = new String(out, StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
