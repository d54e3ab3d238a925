package io.qrfleet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qrfleet.client.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The stack under test, reached through its proxy only ({@code -Dqr.base-url}): the generated client
 * for what the API describes, plain HTTP for what a careless or hostile client sends.
 */
final class Stack {

    static final URI BASE = base();
    /** The generated client's mapper, for what the tests read themselves. */
    static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private Stack() {}

    private static URI base() {
        String url = System.getProperty("qr.base-url", "");
        if (url.isBlank()) {
            throw new IllegalStateException("-Dqr.base-url is not set: the proxy of a running stack");
        }
        return URI.create(url.replaceAll("/+$", ""));
    }

    /**
     * The generated client; its read timeout outlasts a long poll. With {@code -Dqr.api-key} (a
     * stack with QR_API_KEYS) it sends the key.
     */
    static ApiClient client() {
        String key = System.getProperty("qr.api-key", "");
        return new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)), JSON, BASE.toString())
                .setReadTimeout(Duration.ofSeconds(40))
                .setRequestInterceptor(request -> {
                    if (!key.isEmpty()) {
                        request.header("X-API-Key", key);
                    }
                });
    }

    /** The API key header of {@code -Dqr.api-key} (none without it), for plain requests that need one. */
    static String[] key() {
        String key = System.getProperty("qr.api-key", "");
        return key.isEmpty() ? new String[0] : new String[] {"X-API-Key", key};
    }

    /** A line the stack scripts show among their checks: what a test saw, not what it judged. */
    static void note(String text) {
        System.out.println("  note  " + text);
    }

    static HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    static HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static HttpResponse<byte[]> postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(BASE + pathAndQuery)).timeout(Duration.ofSeconds(30));
        return headers.length == 0 ? request : request.headers(headers);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET /api/health: its code, and the body it came with (one answer: two apart can disagree). */
    record Health(int code, JsonNode body) {
        String component(String name) {
            return body.path("components").path(name).path("status").asText("?");
        }
    }

    static Health health() {
        HttpResponse<byte[]> answer = get("/api/health");
        try {
            return new Health(answer.statusCode(), JSON.readTree(answer.body()));
        } catch (IOException e) {
            return new Health(answer.statusCode(), JSON.createObjectNode());
        }
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }
}
