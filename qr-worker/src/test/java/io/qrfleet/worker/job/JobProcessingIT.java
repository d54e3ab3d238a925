package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobEvent;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.contract.render.RenderedCode;
import io.qrfleet.worker.AbstractWorkerIT;
import io.qrfleet.worker.EventTap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;

/** The worker consuming real messages from a real broker and writing to a real S3 server. */
class JobProcessingIT extends AbstractWorkerIT {

    @Autowired
    MeterRegistry meters;

    EventTap events;

    @BeforeEach
    void emptyDeadLetters() {
        admin.purgeQueue(Topology.BULK_QUEUE, false);
        admin.purgeQueue(Topology.DEAD_LETTER_QUEUE, false);
        events = new EventTap(rabbit, json);
    }

    @Test
    void jobIsRenderedVerifiedStoredAndDone() {
        JobRecord job = queue(new JobRequest("https://example.com/worker", "png", 256, 2, "Q", "#1A237E", "#FFF8E1"));

        JobRecord done = awaitStatus(job.id(), JobStatus.DONE);

        assertThat(events.next(job.id())).isEqualTo(new JobEvent(job.id(), JobStatus.DONE));
        assertThat(done.verified()).isTrue();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.imageKey()).isEqualTo(StorageKeys.image(job.request()));
        byte[] png = objects.get(done.imageKey()).orElseThrow();
        assertThat(QrVerifier.verify(job.request(), new RenderedCode(png, null))).isTrue();
    }

    @Test
    void redeliveredDoneJobIsSkipped() {
        long rendersBefore = meters.timer("qr.render").count();
        RenderRequest request = new JobRequest("twice " + JobId.next(), "svg", 200, 4, "M", null, null).toRenderRequest();
        JobRecord job = save(request);
        publish(new JobMessage(job.id(), request));
        JobRecord done = awaitStatus(job.id(), JobStatus.DONE);

        publish(new JobMessage(job.id(), request));

        await().atMost(PATIENCE).until(() -> admin.getQueueInfo(Topology.INTERACTIVE_QUEUE).getMessageCount() == 0);
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> jobs.find(job.id()).orElseThrow().equals(done));
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(meters.timer("qr.render").count() - rendersBefore).isEqualTo(1);
        assertThat(objects.list(StorageKeys.CODES_PREFIX).map(ObjectSummary::key).toList())
                .filteredOn(key -> key.startsWith(StorageKeys.CODES_PREFIX + request.contentKey())).hasSize(1);
    }

    @Test
    void identicalRequestOfAnotherJobReusesTheImage() {
        RenderRequest request = request("shared");
        JobRecord first = queue(request);
        awaitStatus(first.id(), JobStatus.DONE);
        long rendersBefore = meters.timer("qr.render").count();

        JobRecord second = queue(request);

        assertThat(awaitStatus(second.id(), JobStatus.DONE).imageKey()).isEqualTo(StorageKeys.image(request));
        assertThat(meters.timer("qr.render").count()).isEqualTo(rendersBefore);
    }

    @Test
    void unreadableMessageIsDeadLetteredAndItsJobFailed() {
        JobRecord job = save(new JobRequest("poison", null, null, null, null, null, null).toRenderRequest());
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(job.id());
        rabbit.send(Topology.EXCHANGE, Topology.INTERACTIVE_ROUTING_KEY,
                new Message("{not json".getBytes(StandardCharsets.UTF_8), properties));

        JobRecord failed = awaitStatus(job.id(), JobStatus.FAILED);

        assertThat(failed.error()).contains("unreadable");
        assertThat(events.next(job.id())).isEqualTo(new JobEvent(job.id(), JobStatus.FAILED));
        assertThat(deadLetter().getMessageProperties().getMessageId()).isEqualTo(job.id());
    }

    @Test
    void unrenderableJobIsDeadLetteredAndFailedWithReason() {
        // bypasses the gateway's validation: 1,000 characters cannot fit 64 px
        RenderRequest impossible = new RenderRequest("x".repeat(1000), Format.PNG, 64, 4, ErrorCorrection.L,
                "#000000", "#FFFFFF");
        JobRecord job = save(impossible);
        publish(new JobMessage(job.id(), impossible));

        JobRecord failed = awaitStatus(job.id(), JobStatus.FAILED);

        assertThat(failed.error()).startsWith("cannot render");
        assertThat(events.next(job.id())).isEqualTo(new JobEvent(job.id(), JobStatus.FAILED));
        assertThat(json.readValue(deadLetter().getBody(), JobMessage.class).jobId()).isEqualTo(job.id());
    }

    @Test
    void messageWithAMissingFieldIsDeadLetteredAndItsJobFailed() {
        JobRecord job = save(request("missing field"));
        publish(Topology.INTERACTIVE_ROUTING_KEY, job.id(), java.util.Map.of("jobId", job.id()));

        assertThat(awaitStatus(job.id(), JobStatus.FAILED).error()).contains("unreadable");
        assertThat(deadLetter().getMessageProperties().getMessageId()).isEqualTo(job.id());
    }

    @Test
    void anUnexpectedExceptionIsRetriedThenDeadLetteredAndTheConsumerGoesOn() {
        // no format: the worker meets a NullPointerException, neither poison nor a storage failure
        RenderRequest broken = new RenderRequest("no format " + JobId.next(), null, 256, 4, ErrorCorrection.M,
                "#000000", "#FFFFFF");
        JobRecord job = save(broken);
        publish(new JobMessage(job.id(), broken));

        JobRecord failed = awaitStatus(job.id(), JobStatus.FAILED);

        assertThat(failed.error()).startsWith("processing failed after");
        assertThat(json.readValue(deadLetter().getBody(), JobMessage.class).jobId()).isEqualTo(job.id());
        assertThat(awaitStatus(queue(request("after the broken one")).id(), JobStatus.DONE).verified()).isTrue();
        assertThat(admin.getQueueInfo(Topology.INTERACTIVE_QUEUE).getMessageCount()).isZero();
    }

    private JobRecord queue(JobRequest request) {
        return queue(request.toRenderRequest());
    }

    private JobRecord queue(RenderRequest request) {
        JobRecord job = save(request);
        publish(new JobMessage(job.id(), request));
        return job;
    }

    private JobRecord save(RenderRequest request) {
        JobRecord job = JobRecord.queued(JobId.next(), request, Instant.now());
        jobs.save(job);
        return job;
    }

    private void publish(JobMessage message) {
        publish(Topology.INTERACTIVE_ROUTING_KEY, message.jobId(), message);
    }

    private JobRecord awaitStatus(String id, JobStatus status) {
        return await().atMost(PATIENCE).until(() -> jobs.find(id).orElseThrow(), job -> job.status() == status);
    }
}
