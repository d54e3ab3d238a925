package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.worker.AbstractWorkerIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** The worker consuming real messages from a real broker, writing to a real S3 server, reporting results. */
class JobProcessingIT extends AbstractWorkerIT {

    @BeforeEach
    void emptyDeadLetters() {
        admin.purgeQueue(topology.bulkQueue(), false);
        admin.purgeQueue(topology.deadLetterQueue(), false);
    }

    @Test
    void jobIsRenderedVerifiedStoredAndReportedDone() {
        RenderRequest request = new JobRequest(
                        "https://example.com/worker " + JobId.next(), "png", 256, 2, "Q", "#1A237E", "#FFF8E1")
                .toRenderRequest();
        String id = queue(request);

        JobResult done = result(id, JobStatus.DONE);

        assertThat(done.row()).isNull();
        assertThat(done.verification()).isNotNull();
        assertThat(done.imageKey()).isEqualTo(StorageKeys.image(request));
        byte[] png = objects.get(done.imageKey()).orElseThrow();
        assertThat(done.imageSize()).isEqualTo(png.length);
        assertThat(QrVerifier.verify(request, png, Verification.FULL)).isTrue();
        assertThat(resultsFor(id, Duration.ZERO))
                .as("no PROCESSING report by default")
                .isEmpty();
    }

    /** No lookup before the upload: a redelivery renders again and writes the same object. */
    @Test
    void aRedeliveredJobIsReportedAgainWithTheSameImage() {
        RenderRequest request =
                new JobRequest("twice " + JobId.next(), "svg", 200, 4, "M", null, null).toRenderRequest();
        String id = queue(request);
        JobResult first = result(id, JobStatus.DONE);
        byte[] stored = objects.get(first.imageKey()).orElseThrow();

        publish(new JobMessage(id, request));

        // the gateway's guarded update makes the second DONE change nothing
        JobResult second = result(id, JobStatus.DONE);
        assertThat(second.imageKey()).isEqualTo(first.imageKey());
        assertThat(second.imageSize()).isEqualTo(first.imageSize());
        assertThat(objects.get(first.imageKey())).hasValue(stored);
    }

    @Test
    void aResultTheBrokerCannotRouteIsHeldAndSentOnceItCan() {
        Binding results = new Binding(
                topology.resultsQueue(),
                Binding.DestinationType.QUEUE,
                topology.exchange(),
                Topology.RESULTS_ROUTING_KEY,
                null);
        admin.removeBinding(results);
        String id;
        try {
            id = queue(request("held"));
            // rendered, but held by its consumer (neither ready again nor dead-lettered) while its
            // result has nowhere to go
            await().during(Duration.ofSeconds(3))
                    .atMost(PATIENCE)
                    .until(() -> ready(topology.interactiveQueue()) == 0
                            && ready(topology.deadLetterQueue()) == 0
                            && ready(topology.resultsQueue()) == 0);
        } finally {
            admin.declareBinding(results);
        }

        assertThat(result(id, JobStatus.DONE).imageKey()).startsWith(StorageKeys.CODES_PREFIX);
        assertThat(ready(topology.interactiveQueue()) + ready(topology.deadLetterQueue()))
                .isZero();
    }

    @Test
    void unreadableMessageIsDeadLetteredAndItsJobFailed() {
        String id = JobId.next();
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(id);
        rabbit.send(
                topology.exchange(),
                Topology.INTERACTIVE_ROUTING_KEY,
                new Message("{not json".getBytes(StandardCharsets.UTF_8), properties));

        assertThat(result(id, JobStatus.FAILED).error()).contains("unreadable");
        assertThat(deadLetter().getMessageProperties().getMessageId()).isEqualTo(id);
    }

    @Test
    void unrenderableJobIsDeadLetteredAndFailedWithReason() {
        // bypasses the gateway's validation: 1,000 characters cannot fit 64 px
        RenderRequest impossible =
                new RenderRequest("x".repeat(1000), Format.PNG, 64, 4, ErrorCorrection.L, "#000000", "#FFFFFF");
        String id = queue(impossible);

        assertThat(result(id, JobStatus.FAILED).error()).startsWith("cannot render");
        assertThat(json.readValue(deadLetter().getBody(), JobMessage.class).jobId())
                .isEqualTo(id);
    }

    @Test
    void messageWithAMissingFieldIsDeadLetteredAndItsJobFailed() {
        String id = JobId.next();
        publish(Topology.INTERACTIVE_ROUTING_KEY, id, java.util.Map.of("jobId", id));

        assertThat(result(id, JobStatus.FAILED).error()).contains("unreadable");
        assertThat(deadLetter().getMessageProperties().getMessageId()).isEqualTo(id);
    }

    @Test
    void anUnexpectedExceptionIsRetriedThenDeadLetteredAndTheConsumerGoesOn() {
        // no format: the worker meets a NullPointerException, neither poison nor a storage failure
        RenderRequest broken =
                new RenderRequest("no format " + JobId.next(), null, 256, 4, ErrorCorrection.M, "#000000", "#FFFFFF");
        String id = JobId.next();
        publish(new JobMessage(
                id, broken, "codes/" + id + ".png")); // its key given: none can be computed without a format

        assertThat(result(id, JobStatus.FAILED).error()).startsWith("processing failed after");
        assertThat(json.readValue(deadLetter().getBody(), JobMessage.class).jobId())
                .isEqualTo(id);
        assertThat(result(queue(request("after the broken one")), JobStatus.DONE)
                        .imageKey())
                .isNotNull();
        assertThat(admin.getQueueInfo(topology.interactiveQueue()).getMessageCount())
                .isZero();
    }

    private String queue(RenderRequest request) {
        String id = JobId.next();
        publish(new JobMessage(id, request));
        return id;
    }

    private void publish(JobMessage message) {
        publish(Topology.INTERACTIVE_ROUTING_KEY, message.jobId(), message);
    }

    private long ready(String queue) {
        return admin.getQueueInfo(queue).getMessageCount();
    }
}
