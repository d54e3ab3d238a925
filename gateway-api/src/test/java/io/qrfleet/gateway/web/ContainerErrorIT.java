package io.qrfleet.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What Tomcat refuses or fails to decode, before or outside Spring MVC, still leaves as problem+json. */
class ContainerErrorIT extends AbstractGatewayIT {

    @Test
    void parameterThatIsNotUtf8IsABadRequestProblem() {
        HttpResponse<String> response = http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11?waitSeconds=%ff");

        assertProblem(response, 400);
        assertThat(response.body()).contains("not valid percent-encoded UTF-8");
    }

    /** #23: the proxy passes up to 32 KB of headers; Tomcat's 8 KB limit answered in HTML. */
    @Test
    void headersAsLargeAsTheProxyPassesAreRead() {
        String[] headers = new String[8];
        for (int i = 0; i < 4; i++) {
            headers[2 * i] = "X-Large-" + i;
            headers[2 * i + 1] = "a".repeat(2500);
        }
        HttpResponse<String> response = http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11", headers);

        assertProblem(response, 404);
    }

    @Test
    void headersTooLargeForTomcatAreABadRequestProblem() {
        HttpResponse<String> response = http.get("/api/v1/jobs", "X-Huge", "a".repeat(60_000));

        assertProblem(response, 400);
        assertThat(response.body()).contains("headers are malformed or too large");
    }

    @Test
    void parameterWithoutANameIsABadRequestProblemSayingSo() {
        HttpResponse<String> response = http.get("/api/v1/qr?=x&data=a");

        assertProblem(response, 400);
        assertThat(response.body()).doesNotContain("UTF-8");
    }

    @Test
    void traceRefusedByTomcatIsAProblem() {
        assertProblem(http.method("TRACE", "/api/v1/jobs"), 405);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }
}
