package io.qrfleet.bench;

import com.google.zxing.WriterException;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.contract.render.RenderedCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Single-threaded rate of the worker's render path ({@link QrRenderer#render}: request to encoded
 * image bytes) after a warm-up long enough for the JIT to compile it.
 */
final class RenderBench {

    private RenderBench() {}

    static String run(Options options) throws IOException, WriterException {
        String content = Files.readString(Path.of(options.string("content-file")), StandardCharsets.UTF_8);
        // a file written by echo or an editor ends with a newline that is not part of the payload
        content = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        RenderRequest request = new JobRequest(
                        content,
                        options.string("format", "png"),
                        options.integer("size"),
                        options.integer("margin"),
                        options.string("ecc"),
                        null,
                        null)
                .toRenderRequest();
        double seconds = options.decimal("seconds", 5);
        double warmup = options.decimal("warmup", 2);
        // each render followed by the worker's check: what one code costs at each level
        String checkName = options.string("check", "none");
        Verification check = checkName.equals("none") ? null : Verification.valueOf(checkName.toUpperCase(Locale.ROOT));

        RenderedCode code = QrRenderer.render(request);
        if (!QrVerifier.verify(request, code.bytes(), Verification.FULL)) {
            throw new IllegalStateException("the rendered code does not decode back to the content");
        }
        loop(request, check, warmup);
        Result result = loop(request, check, seconds);

        int modules = code.matrix().getWidth();
        System.err.printf(
                Locale.ROOT,
                "render %s %d px ecc %s margin %d, %d chars, %d modules, check %s: %.0f ops/s%n",
                request.format().extension(),
                request.size(),
                request.errorCorrection(),
                request.margin(),
                content.length(),
                modules,
                checkName,
                result.opsPerSecond());
        return String.format(
                Locale.ROOT,
                "{\"mode\":\"render\",\"impl\":\"java\",\"check\":\"%s\",\"format\":\"%s\",\"ecc\":\"%s\","
                        + "\"margin\":%d,\"chars\":%d,\"modules\":%d,\"px\":%d,\"bytes\":%d,\"ops\":%d,"
                        + "\"seconds\":%.3f,\"ops_per_s\":%.1f}",
                checkName,
                request.format().extension(),
                request.errorCorrection(),
                request.margin(),
                content.length(),
                modules,
                request.size(),
                result.bytesPerOp(),
                result.ops(),
                result.seconds(),
                result.opsPerSecond());
    }

    private static Result loop(RenderRequest request, Verification check, double seconds) throws WriterException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long ops = 0;
        long bytes = 0; // consumed, so the JIT cannot drop the renders
        long now;
        do {
            byte[] image = QrRenderer.render(request).bytes();
            if (check != null && !QrVerifier.verify(request, image, check)) {
                throw new IllegalStateException("the " + check + " check failed");
            }
            bytes += image.length;
            ops++;
            now = System.nanoTime();
        } while (now < deadline);
        return new Result(ops, bytes / ops, (now - start) / 1e9);
    }

    private record Result(long ops, long bytesPerOp, double seconds) {
        double opsPerSecond() {
            return ops / seconds;
        }
    }
}
