package io.qrfleet.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamException;

/**
 * The S3 calls QR Fleet makes, as path-style requests on the JDK's HTTP client, signed with
 * SigV4 over the SHA-256 of the body (not every server accepts {@code UNSIGNED-PAYLOAD}).
 * A 404 is "absent" where the call can say so; every other failure is a {@link StorageException}.
 */
class S3Client {

    private static final int NOT_FOUND = 404;
    private static final byte[] NO_BODY = new byte[0];

    private final HttpClient http;
    private final String origin;
    private final String basePath;
    private final String host;
    private final SigV4Signer signer;
    private final Duration requestTimeout;
    private final Clock clock;

    S3Client(StorageProperties properties, Clock clock) {
        URI endpoint = URI.create(properties.endpoint());
        this.basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        this.origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        this.host = hostHeader(endpoint);
        this.signer = new SigV4Signer(properties.accessKey(), properties.secretKey(), properties.region(), "s3");
        this.requestTimeout = properties.requestTimeout();
        this.clock = clock;
        // HTTP/1.1: no h2c upgrade round trip on plain http; the request timeout bounds each wait for an answer
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout()).build();
    }

    boolean bucketExists(String bucket) {
        return found(send("HEAD", bucket, null, Map.of(), NO_BODY, null), "HEAD " + bucket);
    }

    /** Creates the bucket; one that already exists and is ours counts as created. */
    void createBucket(String bucket) {
        // outside us-east-1, S3 wants the region in the body
        byte[] body = "us-east-1".equals(signer.region()) ? NO_BODY
                : ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                        + signer.region() + "</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<InputStream> response = send("PUT", bucket, null, Map.of(), body, null);
        if (response.statusCode() == 409) {
            String code = errorCode(response);
            if (!"BucketAlreadyOwnedByYou".equals(code)) {
                throw new StorageException("storage request failed: PUT " + bucket + " answered 409 " + code, null);
            }
            return;
        }
        expectSuccess(response, "PUT " + bucket);
        close(response);
    }

    void put(String bucket, String key, byte[] bytes, String contentType) {
        HttpResponse<InputStream> response = send("PUT", bucket, key, Map.of(), bytes, contentType);
        expectSuccess(response, "PUT " + key);
        close(response);
    }

    /** The open body of the object, or empty if it does not exist; the caller closes it. */
    Optional<StoredObject> get(String bucket, String key) {
        HttpResponse<InputStream> response = send("GET", bucket, key, Map.of(), NO_BODY, null);
        if (response.statusCode() == NOT_FOUND) {
            close(response);
            return Optional.empty();
        }
        expectSuccess(response, "GET " + key);
        return Optional.of(new StoredObject(response.body(),
                response.headers().firstValueAsLong("Content-Length").orElse(-1),
                response.headers().firstValue("Content-Type").orElse(null)));
    }

    boolean exists(String bucket, String key) {
        return found(send("HEAD", bucket, key, Map.of(), NO_BODY, null), "HEAD " + key);
    }

    void delete(String bucket, String key) {
        HttpResponse<InputStream> response = send("DELETE", bucket, key, Map.of(), NO_BODY, null);
        expectSuccess(response, "DELETE " + key);
        close(response);
    }

    /** One page of ListObjectsV2; {@code token} is null for the first page. */
    ListResult list(String bucket, String prefix, String token) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("list-type", "2");
        query.put("prefix", prefix);
        if (token != null) {
            query.put("continuation-token", token);
        }
        HttpResponse<InputStream> response = send("GET", bucket, null, query, NO_BODY, null);
        expectSuccess(response, "LIST " + prefix);
        try (InputStream body = response.body()) {
            return ListResult.parse(body);
        } catch (IOException | XMLStreamException e) {
            throw new StorageException("storage listing of " + prefix + " unreadable: " + e.getMessage(), e);
        }
    }

    private HttpResponse<InputStream> send(String method, String bucket, String key, Map<String, String> query,
            byte[] body, String contentType) {
        String path = basePath + "/" + bucket + (key == null ? "" : "/" + SigV4Signer.encode(key, false));
        String queryString = SigV4Signer.canonicalQuery(query);
        Instant now = clock.instant();
        String payloadSha256 = body.length == 0 ? SigV4Signer.EMPTY_SHA256 : SigV4Signer.sha256Hex(body);
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadSha256);
        headers.put("x-amz-date", SigV4Signer.timestamp(now));
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        HttpRequest.Builder request = HttpRequest
                .newBuilder(URI.create(origin + path + (queryString.isEmpty() ? "" : "?" + queryString)))
                .timeout(requestTimeout)
                .method(method, body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body))
                .header("Authorization", signer.authorization(method, path, query, headers, payloadSha256, now));
        headers.forEach((name, value) -> {
            if (!name.equals("host")) { // the client sends it itself, as hostHeader() computes it
                request.header(name, value);
            }
        });
        try {
            return http.send(request.build(), BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StorageException("storage unreachable: " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted during " + method + " " + path, e);
        }
    }

    /** True for 2xx, false for 404; anything else is a failure. */
    private static boolean found(HttpResponse<InputStream> response, String what) {
        if (response.statusCode() != NOT_FOUND) {
            expectSuccess(response, what);
        }
        close(response);
        return response.statusCode() != NOT_FOUND;
    }

    private static void expectSuccess(HttpResponse<InputStream> response, String what) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            String code = errorCode(response);
            throw new StorageException("storage request failed: " + what + " answered " + status
                    + (code == null ? "" : " " + code), null);
        }
    }

    /** Reads and closes the (error) body: S3 puts the reason in its XML {@code Code}. */
    private static String errorCode(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return S3Xml.errorCode(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the rest of a (small or empty) body so the connection goes back to the pool. */
    private static void close(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection is gone; nothing to reuse
        }
    }

    /** What the JDK client sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || port == ("https".equals(endpoint.getScheme()) ? 443 : 80);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }
}
