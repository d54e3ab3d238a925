package io.qrfleet.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * zbarimg (zbar-tools), a decoder other than the zxing the worker verifies with: an image the
 * service stored is read back the way a second scanner would read it.
 */
final class Decoder {

    private Decoder() {}

    /** The text of the one code in the image, or "" when zbarimg finds none. */
    static String decode(byte[] bytes) {
        try {
            Path image = Files.createTempFile("qr-system-", ".img");
            Path text = Files.createTempFile("qr-system-", ".txt");
            try {
                Files.write(image, bytes);
                Process zbarimg = new ProcessBuilder("zbarimg", "--raw", "-q", image.toString())
                        .redirectOutput(text.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!zbarimg.waitFor(30, TimeUnit.SECONDS)) {
                    zbarimg.destroyForcibly();
                    return "";
                }
                return Files.readString(text, StandardCharsets.UTF_8).strip();
            } finally {
                Files.deleteIfExists(image);
                Files.deleteIfExists(text);
            }
        } catch (IOException e) {
            throw new IllegalStateException("zbarimg (apt-get install zbar-tools) could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
