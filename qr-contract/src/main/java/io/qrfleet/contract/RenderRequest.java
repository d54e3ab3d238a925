package io.qrfleet.contract;

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
        return String.join(
                "\n",
                "qr1",
                format.extension(),
                Integer.toString(size),
                Integer.toString(margin),
                errorCorrection.name(),
                foreground,
                background,
                content);
    }

    /** SHA-256 of {@link #canonical()}, lower-case hex: identical requests share one image. */
    public String contentKey() {
        return StorageKeys.sha256(canonical());
    }
}
