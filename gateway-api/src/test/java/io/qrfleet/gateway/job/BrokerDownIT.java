package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real S3 server but no broker: submissions are refused cleanly and leave nothing behind. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerDownIT {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("spring.rabbitmq.addresses", () -> "amqp://guest:guest@127.0.0.1:1");
    }

    @LocalServerPort
    int port;

    @Autowired
    ObjectStore objects;

    @Test
    void submissionIs503WithRetryAfterAndNoRecordIsLeft() {
        HttpResponse<String> response = Http.port(port).postJson("/api/v1/jobs", "{\"content\":\"no broker\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("broker");
        assertThat(objects.list(StorageKeys.JOBS_PREFIX).map(ObjectSummary::key).toList()).isEmpty();
    }

    @Test
    void healthIsDownNamingTheBroker() {
        HttpResponse<String> response = Http.port(port).get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"broker\":{\"status\":\"DOWN\"}", "\"storage\":{\"status\":\"UP\"}");
    }
}
