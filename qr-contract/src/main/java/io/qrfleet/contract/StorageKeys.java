package io.qrfleet.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bucket holds images only, content-addressed under {@code codes/}: identical requests share
 * one. A code that holds a secret ({@link Secrets}) is addressed per tenant instead, so no other
 * tenant can learn from the cache that it exists.
 */
public final class StorageKeys {

    public static final String CODES_PREFIX = "codes/";

    private StorageKeys() {}

    /** The shared key: only for requests that hold no secret (the worker's fallback for older messages). */
    public static String image(RenderRequest request) {
        return CODES_PREFIX + request.contentKey() + "." + request.format().extension();
    }

    /**
     * The key of {@code request} as {@code tenant} asks for it (an API key's hash or a client
     * address; no line breaks). The tenant comes first, so no content can make two tenants' keys meet.
     */
    public static String image(RenderRequest request, String tenant) {
        if (!Secrets.heldIn(request.content())) {
            return image(request);
        }
        return CODES_PREFIX + sha256("tenant\n" + tenant + "\n" + request.canonical()) + "."
                + request.format().extension();
    }

    /** The hash part of a key: an image's strong ETag. */
    public static String hash(String imageKey) {
        return imageKey.substring(CODES_PREFIX.length(), imageKey.lastIndexOf('.'));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
