package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qrfleet.common.broker.BestEffortPublisher;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Verification;
import io.qrfleet.gateway.DatabaseSlice;
import io.qrfleet.gateway.batch.BatchRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results listener, given the messages a worker sends, against the real database: each result
 * is one guarded update, a finished job wakes the long polls once, and an unreadable result is
 * dead-lettered without touching a row.
 */
@DatabaseSlice
@Import({JobRepository.class, BatchRepository.class})
class ResultListenerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Autowired
    JobRepository jobs;

    @Autowired
    BatchRepository batches;

    @Autowired
    JsonMapper json;

    private final Wakeups wakeups = new Wakeups();
    private ResultListener listener;

    @BeforeEach
    void listener() {
        listener =
                new ResultListener(jobs, batches, wakeups, json, Clock.fixed(NOW, ZoneOffset.UTC), new Topology("qr"));
    }

    @Test
    void aDoneResultFinishesTheJobAndWakesItsWaitersOnce() {
        Job job = queued();

        listener.onResult(message(JobResult.processing(job.id(), null)));
        listener.onResult(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID)));
        listener.onResult(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID)));

        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::status, Job::updatedAt, Job::verification)
                .containsExactly(JobStatus.DONE, NOW, Verification.GRID);
        assertThat(wakeups.sent).containsExactly(new JobEvent(job.id(), JobStatus.DONE));
    }

    /** Workers that predate the grid check name none: they checked every image in full. */
    @Test
    void aDoneResultThatNamesNoCheckIsRecordedAsTheFullCheck() {
        Job job = queued();
        String old = "{\"id\":\"" + job.id() + "\",\"status\":\"DONE\",\"imageKey\":\"" + job.imageKey()
                + "\",\"imageSize\":42}";

        listener.onResult(new Message(old.getBytes(java.nio.charset.StandardCharsets.UTF_8), new MessageProperties()));

        assertThat(jobs.find(job.id()).orElseThrow().verification()).isEqualTo(Verification.FULL);
    }

    @Test
    void aLateFailureChangesNothingAndWakesNobody() {
        Job job = queued();
        listener.onResult(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID)));

        listener.onResult(message(JobResult.failed(job.id(), null, "late")));

        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
        assertThat(wakeups.sent).hasSize(1);
    }

    @Test
    void aFailureIsRecordedWithItsReason() {
        Job job = queued();

        listener.onResult(message(JobResult.failed(job.id(), null, "the content does not fit")));

        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::status, Job::error)
                .containsExactly(JobStatus.FAILED, "the content does not fit");
        assertThat(wakeups.sent).containsExactly(new JobEvent(job.id(), JobStatus.FAILED));
    }

    @Test
    void unreadableResultsAreDeadLetteredAndChangeNothing() {
        Job job = queued();
        List<byte[]> bodies = List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"%s\",\"status\":\"QUEUED\",\"imageSize\":0}"
                        .formatted(job.id())
                        .getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"%s\",\"status\":\"DONE\",\"imageSize\":0}"
                        .formatted(job.id())
                        .getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"../etc\",\"status\":\"FAILED\",\"imageSize\":0}".getBytes(StandardCharsets.UTF_8),
                "null".getBytes(StandardCharsets.UTF_8));

        for (byte[] body : bodies) {
            assertThatThrownBy(() -> listener.onResult(new Message(body, new MessageProperties())))
                    .as(new String(body, StandardCharsets.UTF_8))
                    .isInstanceOf(AmqpRejectAndDontRequeueException.class);
        }
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(wakeups.sent).isEmpty();
    }

    private Job queued() {
        RenderRequest request =
                new JobRequest("result " + JobId.next(), null, null, null, null, null, null).toRenderRequest();
        Job job = new Job(
                JobId.next(), JobStatus.QUEUED, NOW, NOW, request, StorageKeys.image(request), null, null, false);
        jobs.insert(job, "", null, null);
        return job;
    }

    private Message message(JobResult result) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(result.messageId());
        return new Message(json.writeValueAsBytes(result), properties);
    }

    /** What the listener would send to the other gateways' long polls. */
    private static final class Wakeups extends BestEffortPublisher {

        final List<Object> sent = new CopyOnWriteArrayList<>();

        Wakeups() {
            super(null, null);
        }

        @Override
        public void publish(String exchange, String routingKey, Object payload) {
            sent.add(payload);
        }
    }
}
