package io.qrfleet.common.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 in the Authorization header. The caller passes every header it sends
 * (at least {@code host}), with names in lower case; they are all signed.
 */
record SigV4Signer(String accessKey, String secretKey, String region, String service) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    static final String EMPTY_SHA256 = sha256Hex(new byte[0]);

    /**
     * The Authorization header value for the request.
     *
     * @param path the request path exactly as sent, already percent-encoded
     * @param query the query parameters, not encoded
     * @param headers the headers to sign, including {@code host} and {@code x-amz-date}
     */
    String authorization(String method, String path, Map<String, String> query, SortedMap<String, String> headers,
            String payloadSha256, Instant now) {
        String timestamp = TIMESTAMP.format(now);
        String scope = timestamp.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = String.join("\n", method, path, canonicalQuery(query),
                headers.entrySet().stream().map(h -> h.getKey() + ":" + h.getValue().strip() + "\n")
                        .collect(Collectors.joining()),
                signedHeaders, payloadSha256);
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", timestamp, scope,
                sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), timestamp.substring(0, 8));
        for (String part : new String[] {region, service, "aws4_request"}) {
            key = hmac(key, part);
        }
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + HEX.formatHex(hmac(key, stringToSign));
    }

    static String timestamp(Instant now) {
        return TIMESTAMP.format(now);
    }

    /** Sorted, encoded {@code name=value} pairs; also what is sent, so the two never differ. */
    static String canonicalQuery(Map<String, String> query) {
        SortedMap<String, String> encoded = new TreeMap<>();
        query.forEach((name, value) -> encoded.put(encode(name, true), encode(value, true)));
        return encoded.entrySet().stream().map(q -> q.getKey() + "=" + q.getValue()).collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes, all but the unreserved characters (and '/' in paths). */
    static String encode(String value, boolean slashToo) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slashToo)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
