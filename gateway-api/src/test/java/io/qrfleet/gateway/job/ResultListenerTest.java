package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
        listener = new ResultListener(
                jobs,
                batches,
                wakeups,
                json,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new Topology("qr"),
                new SimpleMeterRegistry());
    }

    @Test
    void aDoneResultFinishesTheJobAndWakesItsWaitersOnce() {
        Job job = queued();

        listener.apply(List.of(message(JobResult.processing(job.id(), null))));
        listener.apply(List.of(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID))));
        listener.apply(List.of(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID))));

        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::status, Job::updatedAt, Job::verification)
                .containsExactly(JobStatus.DONE, NOW, Verification.GRID);
        assertThat(wakeups.sent).containsExactly(new JobEvent(List.of(job.id())));
    }

    /**
     * A batch as the queue hands it over: each kind applied with one statement, jobs repeated or
     * sharing an image included, one event for every job it finished.
     */
    @Test
    void aBatchOfResultsIsAppliedTogetherAndAnnouncedOnce() {
        Job first = queued();
        Job second = queued();
        Job failing = queued();
        Job late = queued();
        listener.apply(List.of(message(JobResult.failed(late.id(), null, "first"))));
        wakeups.sent.clear();

        List<Message> unreadable = listener.apply(List.of(
                message(JobResult.processing(first.id(), null)),
                message(JobResult.done(first.id(), null, first.imageKey(), 10, Verification.GRID)),
                message(JobResult.done(first.id(), null, first.imageKey(), 10, Verification.GRID)),
                message(JobResult.done(second.id(), null, second.imageKey(), 20, Verification.FULL)),
                message(JobResult.failed(failing.id(), null, "does not fit")),
                message(JobResult.done(late.id(), null, late.imageKey(), 30, Verification.GRID))));

        assertThat(unreadable).isEmpty();
        assertThat(List.of(first, second, failing, late))
                .extracting(job -> jobs.find(job.id()).orElseThrow().status())
                .containsExactly(JobStatus.DONE, JobStatus.DONE, JobStatus.FAILED, JobStatus.FAILED);
        assertThat(jobs.find(second.id()).orElseThrow().verification()).isEqualTo(Verification.FULL);
        assertThat(wakeups.sent).hasSize(1);
        assertThat(((JobEvent) wakeups.sent.getFirst()).finished())
                .containsExactlyInAnyOrder(first.id(), second.id(), failing.id());
    }

    /** Workers that predate the grid check name none: they checked every image in full. */
    @Test
    void aDoneResultThatNamesNoCheckIsRecordedAsTheFullCheck() {
        Job job = queued();
        String old = "{\"id\":\"" + job.id() + "\",\"status\":\"DONE\",\"imageKey\":\"" + job.imageKey()
                + "\",\"imageSize\":42}";

        listener.apply(List.of(new Message(old.getBytes(StandardCharsets.UTF_8), new MessageProperties())));

        assertThat(jobs.find(job.id()).orElseThrow().verification()).isEqualTo(Verification.FULL);
    }

    @Test
    void aLateFailureChangesNothingAndWakesNobody() {
        Job job = queued();
        listener.apply(List.of(message(JobResult.done(job.id(), null, job.imageKey(), 42, Verification.GRID))));

        listener.apply(List.of(message(JobResult.failed(job.id(), null, "late"))));

        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
        assertThat(wakeups.sent).hasSize(1);
    }

    @Test
    void aFailureIsRecordedWithItsReason() {
        Job job = queued();

        listener.apply(List.of(message(JobResult.failed(job.id(), null, "the content does not fit"))));

        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::status, Job::error)
                .containsExactly(JobStatus.FAILED, "the content does not fit");
        assertThat(wakeups.sent).containsExactly(new JobEvent(List.of(job.id())));
    }

    @Test
    void unreadableResultsAreHandedBackForTheDeadLetterQueueAndTheRestApplied() {
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

        List<Message> messages = bodies.stream()
                .map(body -> new Message(body, new MessageProperties()))
                .toList();
        Message readable = message(JobResult.processing(job.id(), null));

        List<Message> batch = new java.util.ArrayList<>(messages);
        batch.add(readable);
        assertThat(listener.apply(batch)).containsExactlyElementsOf(messages);
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
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
