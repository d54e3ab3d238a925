package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.JobStatus;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import io.qrfleet.gateway.TestQueue;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A real broker and database but no S3 server: jobs are still queued and read, images are 503. */
@TestPropertySource(properties = "qr.storage.endpoint=http://127.0.0.1:1")
class StorageDownIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    JobRows rows;

    @Test
    void submissionIsQueuedWithoutStorage() {
        // job state lives in the database; the worker retries storage until its delivery limit
        HttpResponse<String> response = http.postJson("/api/v1/jobs", "{\"content\":\"no storage\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(queue.messageCount()).isEqualTo(1);
    }

    @Test
    void jobReadsWorkImageReadsAre503AndHealthIsDownNamingStorage() {
        String id = rows.insert(JobRows.request("stored before the outage"), JobStatus.DONE);
        assertThat(http.get("/api/v1/jobs/" + id).statusCode()).isEqualTo(200);
        HttpResponse<String> image = http.get("/api/v1/jobs/" + id + "/image");
        assertThat(image.statusCode()).isEqualTo(503);
        assertThat(image.headers().firstValue("Retry-After")).hasValue("5");
        HttpResponse<String> health = http.get("/api/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"storage\":{\"status\":\"DOWN\"}", "\"broker\":{\"status\":\"UP\"}");
    }
}
