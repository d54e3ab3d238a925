package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A real S3 server but no broker: submissions are refused cleanly and leave nothing behind; the
 * gateway still starts, and long polls, which no event can end, answer when their wait runs out.
 */
@TestPropertySource(properties = "spring.rabbitmq.addresses=amqp://guest:guest@127.0.0.1:1")
class BrokerDownIT extends AbstractGatewayIT {

    @Autowired
    ObjectStore objects;

    @Autowired
    JobRows rows;

    @Test
    void submissionIs503WithRetryAfterAndNoRecordIsLeft() {
        HttpResponse<String> response = http.postJson("/api/v1/jobs", "{\"content\":\"no broker\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("broker");
        // its row is FAILED, never left QUEUED for a message that does not exist
        assertThat(rows.ids())
                .isNotEmpty()
                .allSatisfy(id -> assertThat(rows.status(id)).hasValue(JobStatus.FAILED));
    }

    @Test
    void healthIsDownNamingTheBroker() {
        HttpResponse<String> response = http.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains(
                        "\"broker\":{\"status\":\"DOWN\"}",
                        "\"storage\":{\"status\":\"UP\"}",
                        "\"database\":{\"status\":\"UP\"}");
    }

    @Test
    void waitRunsOutWithTheCurrentRecord() {
        String id = rows.insert(JobRows.request("waiting without a broker"), JobStatus.QUEUED);

        long start = System.nanoTime();
        HttpResponse<String> response = http.get("/api/v1/jobs/" + id + "?waitSeconds=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"QUEUED\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
