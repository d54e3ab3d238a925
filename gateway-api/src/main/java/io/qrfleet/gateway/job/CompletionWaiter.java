package io.qrfleet.gateway.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long polls: requests waiting for a job to finish, woken by the events of the gateway that applied
 * its result. An event only ends a wait early; the row is read again and stays the truth, so a lost event or
 * a broker that is down just lets the wait run out. On shutdown every wait ends at once, so held
 * requests do not hold up the graceful shutdown.
 */
@Component
class CompletionWaiter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompletionWaiter.class);

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private volatile boolean running;

    CompletionWaiter(JsonMapper json, MeterRegistry meters) {
        this.json = json;
        Gauge.builder("qr.jobs.waiting", this, CompletionWaiter::waiting)
                .description("Requests waiting for a job to finish")
                .register(meters);
    }

    /**
     * Reads the job; while it is not finished, waits up to {@code timeout} for its completion event,
     * then reads it once more. Registering before the read closes the race with an event that comes
     * in between.
     */
    Job await(String jobId, Duration timeout, Supplier<Job> read) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        waiters.compute(jobId, (id, set) -> {
            Set<CompletableFuture<Void>> futures = set != null ? set : ConcurrentHashMap.newKeySet();
            futures.add(finished);
            return futures;
        });
        try {
            Job job = read.get();
            if (job.status().isFinal() || !running) {
                return job;
            }
            finished.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // no event in time: the record decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiters.computeIfPresent(jobId, (id, set) -> {
                set.remove(finished);
                return set.isEmpty() ? null : set;
            });
        }
        return read.get();
    }

    /** Auto-ack, one consumer: an event is a hint, and a lost one costs a waiting client nothing but time. */
    @RabbitListener(id = "job-events", queues = "#{@jobEventsQueue.name}", ackMode = "NONE", concurrency = "1")
    void onEvent(Message message) {
        try {
            JobEvent event = json.readValue(message.getBody(), JobEvent.class);
            if (event.finished() != null) {
                event.finished().stream().filter(Objects::nonNull).forEach(this::wake);
            }
        } catch (JacksonException e) {
            log.debug("Ignoring an unreadable job event: {}", e.getOriginalMessage());
        }
    }

    int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void wake(String jobId) {
        Set<CompletableFuture<Void>> futures = waiters.remove(jobId);
        if (futures != null) {
            futures.forEach(future -> future.complete(null));
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops before the web server's graceful shutdown, which would otherwise wait for every held request. */
    @Override
    public void stop() {
        running = false;
        waiters.keySet().forEach(this::wake);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
