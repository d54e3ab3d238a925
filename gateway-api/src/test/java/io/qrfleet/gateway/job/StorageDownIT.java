package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.TestQueue;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.TestPropertySource;

/** A real broker but no S3 server: submissions are refused and nothing is queued. */
@TestPropertySource(properties = "qr.storage.endpoint=http://127.0.0.1:1")
class StorageDownIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Test
    void submissionIs503WithRetryAfterAndNothingIsQueued() {
        HttpResponse<String> response = http.postJson("/api/v1/jobs", "{\"content\":\"no storage\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("store");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void readsAre503AndHealthIsDownNamingStorage() {
        assertThat(http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11").statusCode()).isEqualTo(503);
        HttpResponse<String> health = http.get("/api/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"storage\":{\"status\":\"DOWN\"}", "\"broker\":{\"status\":\"UP\"}");
    }
}
