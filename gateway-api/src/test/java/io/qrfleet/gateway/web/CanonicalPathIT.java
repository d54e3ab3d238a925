package io.qrfleet.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.TestQueue;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * Straight to Tomcat, without the proxy: every other spelling of the submit path is refused with a
 * problem document before any decision is made on it, even with a valid key, and nothing is queued.
 */
@TestPropertySource(properties = "qr.api-keys=canonical-secret-key")
class CanonicalPathIT extends AbstractGatewayIT {

    private static final String BODY = "{\"content\":\"canonical\"}";
    private static final String KEY = "canonical-secret-key";

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/%61pi/v1/jobs",
                "/api/v1/%6Aobs",
                "/api/v1/jobs%2F",
                "/api/v1/jobs;x=1",
                "/api;x=1/v1/jobs",
                "/api//v1/jobs",
                "//api/v1/jobs",
                "/api/v1/jobs/",
                "/api/v1/./jobs",
                "/api/v1/x/../jobs",
                "/api/./v1/jobs",
                "/api/v1/%2e/jobs",
                "/api/v1/jobs%20",
                "/api/v1/batches/../jobs"
            })
    void anotherSpellingOfTheSubmitPathIsRefusedEvenWithAKey(String target) {
        HttpResponse<String> withKey = http.postJson(target, BODY, "X-API-Key", KEY);
        HttpResponse<String> withoutKey = http.postJson(target, BODY);

        assertThat(withKey.statusCode()).as(target).isBetween(400, 499).isNotEqualTo(401);
        assertThat(withKey.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(withoutKey.statusCode()).as(target).isBetween(400, 499);
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void theCanonicalPathIsAccepted() {
        assertThat(http.postJson("/api/v1/jobs", BODY, "X-API-Key", KEY).statusCode())
                .isEqualTo(202);
    }
}
