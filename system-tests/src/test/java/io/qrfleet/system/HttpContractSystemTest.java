package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the proxy and the gateway answer a browser and a careless client. */
@Tag("smoke")
class HttpContractSystemTest {

    @Test
    void theWebUiIsHtml() {
        HttpResponse<byte[]> page = Stack.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Stack.header(page, "Content-Type")).startsWith("text/html");
    }

    @Test
    void theWebUiAllowsOnlyItsOwnOrigin() {
        assertThat(Stack.header(Stack.get("/"), "Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void theWebUiIsNotSniffed() {
        assertThat(Stack.header(Stack.get("/"), "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theApiDocumentationIsServed() {
        assertThat(Stack.get("/api/docs").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiDescriptionNamesThisHostWhateverHostIsSent() throws Exception {
        HttpResponse<byte[]> description = Stack.get("/api/openapi.json", "Host", "evil.example");
        assertThat(Stack.JSON.readTree(description.body()).at("/servers/0/url").asText())
                .isEqualTo("/");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("GET /api/actuator/health", () -> Stack.get("/api/actuator/health"), 404),
                refusal("GET /api/actuator/prometheus", () -> Stack.get("/api/actuator/prometheus"), 404),
                refusal(
                        "GET an unknown job",
                        () -> Stack.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000"),
                        404),
                refusal("GET a malformed job id", () -> Stack.get("/api/v1/jobs/not-a-job"), 404),
                refusal("POST malformed JSON", () -> Stack.postJson("/api/v1/jobs", "{\"content\":"), 400),
                refusal(
                        "POST an unknown field",
                        () -> Stack.postJson("/api/v1/jobs", "{\"content\":\"x\",\"colour\":\"red\"}"),
                        400),
                refusal(
                        "POST a size out of range",
                        () -> Stack.postJson("/api/v1/jobs", "{\"content\":\"x\",\"size\":4096}"),
                        422),
                refusal(
                        "POST text/plain",
                        () -> Stack.post("/api/v1/jobs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
                        415),
                refusal(
                        "POST a 100 kB body (the proxy refuses it)",
                        () -> Stack.postJson("/api/v1/jobs", "{\"content\":\"" + "a".repeat(100_000) + "\"}"),
                        413));
    }

    private static Arguments refusal(String what, Supplier<HttpResponse<byte[]>> request, int status) {
        return Arguments.of(what, request, status);
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("refusals")
    void refused(String what, Supplier<HttpResponse<byte[]>> request, int status) {
        assertThat(request.get().statusCode()).isEqualTo(status);
    }
}
