package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.json.JsonMapper;

class CompletionWaiterTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final JsonMapper json = JsonMapper.builder().build();
    private final CompletionWaiter waiter = new CompletionWaiter(json, new SimpleMeterRegistry());
    private final Job queued = job(JobStatus.QUEUED, null);
    private final AtomicReference<Job> stored = new AtomicReference<>(queued);

    @BeforeEach
    void start() {
        waiter.start();
    }

    @Test
    void eventOfTheJobEndsItsWaitsAndTheRecordIsReadAgain() {
        CompletableFuture<Job> first = waitFor(queued.id());
        CompletableFuture<Job> second = waitFor(queued.id());
        await().until(() -> waiter.waiting() == 2);

        waiter.onEvent(event(JobId.next()));
        assertThat(first).isNotDone();
        stored.set(job(JobStatus.FAILED, "boom"));
        waiter.onEvent(event(JobId.next(), queued.id()));

        assertThat(first.join().status()).isEqualTo(JobStatus.FAILED);
        assertThat(second.join().status()).isEqualTo(JobStatus.FAILED);
        assertThat(waiter.waiting()).isZero();
    }

    @Test
    void waitWithoutEventRunsOutAndLeavesNothingBehind() {
        long start = System.nanoTime();

        Job answer = waiter.await(queued.id(), Duration.ofMillis(200), stored::get);

        assertThat(answer).isEqualTo(queued);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(waiter.waiting()).isZero();
    }

    @Test
    void jobFinishedBeforeTheWaitIsAnsweredWithoutWaiting() {
        stored.set(job(JobStatus.DONE, null));

        assertThat(waiter.await(queued.id(), LONG, stored::get).status()).isEqualTo(JobStatus.DONE);
        assertThat(waiter.waiting()).isZero();
    }

    @Test
    void unreadableOrEmptyEventsAreIgnored() {
        CompletableFuture<Job> waiting = waitFor(queued.id());
        await().until(() -> waiter.waiting() == 1);

        waiter.onEvent(new Message("{not json".getBytes(), new MessageProperties()));
        waiter.onEvent(new Message("{}".getBytes(), new MessageProperties()));
        waiter.onEvent(event());

        assertThat(waiting).isNotDone();
        waiter.stop();
        waiting.join();
    }

    @Test
    void stopEndsEveryWaitAndLaterOnesAnswerAtOnce() {
        CompletableFuture<Job> waiting = waitFor(queued.id());
        await().until(() -> waiter.waiting() == 1);

        waiter.stop();

        assertThat(waiting.join()).isEqualTo(queued);
        assertThat(waiter.await(queued.id(), LONG, stored::get)).isEqualTo(queued);
        assertThat(waiter.waiting()).isZero();
    }

    private Job job(JobStatus status, String error) {
        RenderRequest request = new JobRequest("x", null, null, null, null, null, null).toRenderRequest();
        String id = queued == null ? JobId.next() : queued.id();
        return new Job(
                id,
                status,
                Instant.now(),
                Instant.now(),
                request,
                "codes/x.png",
                status == JobStatus.DONE ? Verification.GRID : null,
                error,
                true);
    }

    private CompletableFuture<Job> waitFor(String id) {
        return CompletableFuture.supplyAsync(() -> waiter.await(id, LONG, stored::get));
    }

    private Message event(String... finished) {
        return new Message(json.writeValueAsBytes(new JobEvent(List.of(finished))), new MessageProperties());
    }
}
