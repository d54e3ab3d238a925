package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.Topology;
import io.qrfleet.gateway.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real broker but no S3 server: submissions are refused and nothing is queued. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageDownIT {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("qr.storage.endpoint", () -> "http://127.0.0.1:1");
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
    void submissionIs503WithRetryAfterAndNothingIsQueued() {
        HttpResponse<String> response = Http.port(port).postJson("/api/v1/jobs", "{\"content\":\"no storage\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("store");
        assertThat(admin.getQueueInfo(Topology.INTERACTIVE_QUEUE).getMessageCount()).isZero();
    }

    @Test
    void readsAre503AndHealthIsDownNamingStorage() {
        Http http = Http.port(port);

        assertThat(http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11").statusCode()).isEqualTo(503);
        HttpResponse<String> health = http.get("/api/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"storage\":{\"status\":\"DOWN\"}", "\"broker\":{\"status\":\"UP\"}");
    }
}
