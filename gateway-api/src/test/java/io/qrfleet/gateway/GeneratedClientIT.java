package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qrfleet.client.ApiClient;
import io.qrfleet.client.ApiException;
import io.qrfleet.client.api.JobControllerApi;
import io.qrfleet.client.model.JobSubmission;
import io.qrfleet.client.model.JobView;
import io.qrfleet.client.model.Problem;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.render.QrRenderer;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client generated at build time from the committed API description (openapi-generator, Java,
 * java.net.http) against the real gateway, broker, S3 server and database: it submits a job,
 * long-polls it, downloads the image and gets a typed problem for a bad request.
 */
@TestPropertySource(properties = "management.server.port=0")
class GeneratedClientIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    ObjectStore objects;

    @Autowired
    JobRows rows;

    @Autowired
    JsonMapper json;

    JobControllerApi jobs;
    ApiClient client;

    @BeforeEach
    void client(@LocalServerPort int port) {
        objects.ensureBucket();
        client = new ApiClient().setHost("127.0.0.1").setPort(port).setScheme("http");
        jobs = new JobControllerApi(client);
    }

    @Test
    void submitLongPollDownload() throws Exception {
        String content = "generated client " + JobId.next();

        JobView accepted = jobs.submit(
                new JobSubmission()
                        .content(content)
                        .format(JobSubmission.FormatEnum.PNG)
                        .size(256),
                "key-" + JobId.next());
        CompletableFuture<JobView> finished = CompletableFuture.supplyAsync(() -> {
            try {
                return jobs.get(accepted.getId(), 20);
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        JobMessage message = new TestWorker(queue, objects, rows, json).work();

        assertThat(accepted.getStatus()).isEqualTo(JobView.StatusEnum.QUEUED);
        assertThat(finished.get().getStatus()).isEqualTo(JobView.StatusEnum.DONE);
        assertThat(finished.get().getImageUrl()).isEqualTo("/api/v1/jobs/" + accepted.getId() + "/image");
        assertThat(Files.readAllBytes(jobs.image(accepted.getId(), null).toPath()))
                .isEqualTo(QrRenderer.render(message.request()).bytes());
    }

    @Test
    void badRequestIsATypedProblem() throws Exception {
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> jobs.submit(new JobSubmission().content("x").size(10), null));

        assertThat(refused.getCode()).isEqualTo(422);
        Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("size"));
        assertThat(queue.messageCount()).isZero();
    }
}
