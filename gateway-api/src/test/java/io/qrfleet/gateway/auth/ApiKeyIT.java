package io.qrfleet.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.Topology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With QR_API_KEYS set, submissions need one of the keys; reads stay open; keys are never logged. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "qr.api-keys=first-secret-key, second-secret-key")
class ApiKeyIT {

    private static final String BODY = "{\"content\":\"authorised\"}";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AmqpAdmin admin;

    @BeforeEach
    void emptyQueue() {
        admin.purgeQueue(Topology.INTERACTIVE_QUEUE, false);
    }

    @Test
    void submissionWithoutKeyIsUnauthorizedAndNothingIsQueued() throws Exception {
        HttpResponse<String> response = submit();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Bearer"))
                .anyMatch(v -> v.startsWith("Basic"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(admin.getQueueInfo(Topology.INTERACTIVE_QUEUE).getMessageCount()).isZero();
    }

    @Test
    void wrongKeyIsUnauthorizedInEveryScheme() throws Exception {
        assertThat(submit("Authorization", "Bearer first-secret-kez").statusCode()).isEqualTo(401);
        assertThat(submit("X-API-Key", "second-secret").statusCode()).isEqualTo(401);
        assertThat(submit("Authorization", basic("user", "nope")).statusCode()).isEqualTo(401);
        assertThat(submit("Authorization", "Basic !!not-base64").statusCode()).isEqualTo(401);
    }

    @Test
    void everySchemeAcceptsAConfiguredKey() throws Exception {
        assertThat(submit("Authorization", "Bearer first-secret-key").statusCode()).isEqualTo(202);
        assertThat(submit("X-API-Key", "second-secret-key").statusCode()).isEqualTo(202);
        assertThat(submit("Authorization", basic("anyone", "first-secret-key")).statusCode()).isEqualTo(202);
    }

    @Test
    void readsNeedNoKey() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void keysNeverReachTheLog(CapturedOutput output) throws Exception {
        submit("Authorization", "Bearer first-secret-key");
        submit("X-API-Key", "second-secret-kez");

        assertThat(output.getAll()).doesNotContain("first-secret-key", "second-secret-key", "second-secret-kez");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> submit(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
