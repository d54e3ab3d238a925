package io.qrfleet.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A validated render request with every default applied and colours in canonical {@code #RRGGBB}
 * upper-case form. Only {@link JobRequest#toRenderRequest()} creates one from user input.
 */
public record RenderRequest(
        String content,
        Format format,
        int size,
        int margin,
        ErrorCorrection errorCorrection,
        String foreground,
        String background) {

    /**
     * The canonical text the content key is hashed from. Content comes last, so no choice of
     * content can make two different requests share a canonical form.
     */
    public String canonical() {
        return String.join("\n", "qr1", format.extension(), Integer.toString(size), Integer.toString(margin),
                errorCorrection.name(), foreground, background, content);
    }

    /** SHA-256 of {@link #canonical()}, lower-case hex: identical requests share one image. */
    public String contentKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
