package io.qrfleet.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.TestQueue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** With QR_API_KEYS set, every request but a read needs one of the keys; reads stay open; keys are never logged. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "qr.api-keys=first-secret-key, second-secret-key")
class ApiKeyIT extends AbstractGatewayIT {

    private static final String BODY = "{\"content\":\"authorised\"}";

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Test
    void submissionWithoutKeyIsUnauthorizedAndNothingIsQueued() {
        HttpResponse<String> response = submit();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .anyMatch(v -> v.startsWith("Bearer"))
                .anyMatch(v -> v.startsWith("Basic"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void wrongKeyIsUnauthorizedInEveryScheme() {
        assertThat(submit("Authorization", "Bearer first-secret-kez").statusCode())
                .isEqualTo(401);
        assertThat(submit("X-API-Key", "second-secret").statusCode()).isEqualTo(401);
        assertThat(submit("Authorization", basic("user", "nope")).statusCode()).isEqualTo(401);
        assertThat(submit("Authorization", "Basic !!not-base64").statusCode()).isEqualTo(401);
    }

    @Test
    void everySchemeAcceptsAConfiguredKey() {
        assertThat(submit("Authorization", "Bearer first-secret-key").statusCode())
                .isEqualTo(202);
        assertThat(submit("X-API-Key", "second-secret-key").statusCode()).isEqualTo(202);
        assertThat(submit("Authorization", basic("anyone", "first-secret-key")).statusCode())
                .isEqualTo(202);
    }

    @ParameterizedTest
    @CsvSource({
        "PUT,/api/v1/jobs",
        "DELETE,/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11",
        "PATCH,/api/v1/batches",
        "OPTIONS,/api/v1/jobs",
        "POST,/index.html",
        "POST,/api/health",
        "DELETE,/nowhere"
    })
    void everyMethodButReadsNeedsAKeyWhateverThePath(String method, String path) {
        HttpResponse<String> response = http.method(method, path);

        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource({
        "GET,/api/v1/jobs",
        "GET,/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11",
        "GET,/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11/image",
        "GET,/api/v1/batches/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11",
        "GET,/api/v1/batches/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11/archive",
        "GET,/api/v1/qr?data=x",
        "GET,/v1/create-qr-code?data=x",
        "POST,/api/v1/batches"
    })
    void aWrongKeyIsUnauthorizedOnEveryOperation(String method, String path) {
        HttpResponse<String> response = method.equals("GET")
                ? http.get(path, "X-API-Key", "wrong-key")
                : http.postJson(path, "{\"items\":[{\"content\":\"a\"}]}", "X-API-Key", "wrong-key");

        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** #23: these were taken for no credential at all (200). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Authorization | Basic " + "Zmlyc3Qtc2VjcmV0LWtleQ==",
                "Authorization | Basic !!not-base64",
                "Authorization | Token first-secret-key",
                "Authorization | Bearer",
                "X-API-Key | ''"
            })
    void aMalformedCredentialOnAReadIsUnauthorized(String header, String value) {
        HttpResponse<String> response = http.get("/api/v1/jobs", header, value);

        assertThat(response.statusCode()).as(header + ": " + value).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void readsNeedNoKey() {
        HttpResponse<String> response = http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void keysNeverReachTheLog(CapturedOutput output) {
        submit("Authorization", "Bearer first-secret-key");
        submit("X-API-Key", "second-secret-kez");

        assertThat(output.getAll()).doesNotContain("first-secret-key", "second-secret-key", "second-secret-kez");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> submit(String... headers) {
        return http.postJson("/api/v1/jobs", BODY, headers);
    }
}
