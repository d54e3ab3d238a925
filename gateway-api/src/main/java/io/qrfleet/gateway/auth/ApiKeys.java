package io.qrfleet.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The configured keys, held only as SHA-256 digests. A presented key is hashed and compared with
 * every digest in constant time, so neither the match nor its position leaks through timing.
 */
final class ApiKeys {

    private final List<byte[]> digests;

    ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    boolean enabled() {
        return !digests.isEmpty();
    }

    /** The matching key's digest in hex (the owner it stands for), or null. */
    String match(String presented) {
        if (presented == null) {
            return null;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match ? HexFormat.of().formatHex(digest) : null;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
