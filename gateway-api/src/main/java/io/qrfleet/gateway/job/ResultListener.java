package io.qrfleet.gateway.job;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.broker.BestEffortPublisher;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Topology;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the workers' results from the queue all gateways share, a batch at a time (up to
 * {@code qr.results.batch-size} results or {@code qr.results.batch-wait}, ResultBatchConfiguration):
 * one guarded statement per kind, the batch acknowledged once they are done, then one event that
 * wakes the long polls of every gateway for all the jobs it finished. Guarded statements are
 * idempotent, so no transaction spans them: while the database is unreachable the batch is retried
 * (what already applied changes nothing the second time), not acknowledged, so none is lost; an
 * unreadable result is dead-lettered on its own.
 */
@Component
class ResultListener {

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private final JobRepository jobs;
    private final RowResults rows;
    private final BestEffortPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final Topology topology;
    private final Counter handled;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .includes(
                    DataAccessResourceFailureException.class,
                    TransientDataAccessException.class,
                    RecoverableDataAccessException.class)
            .maxRetries(Long.MAX_VALUE)
            .delay(Duration.ofMillis(250))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .build());

    ResultListener(
            JobRepository jobs,
            RowResults rows,
            BestEffortPublisher events,
            JsonMapper json,
            Clock clock,
            Topology topology,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.rows = rows;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.topology = topology;
        this.handled = Counter.builder("qr.results.handled")
                .description("Workers' results taken from the queue and settled: applied, or dead-lettered")
                .register(meters);
    }

    @RabbitListener(id = "results", queues = "#{@topology.resultsQueue()}", containerFactory = "resultBatches")
    void onResults(List<Message> messages, Channel channel) throws IOException {
        List<Message> unreadable;
        try {
            unreadable = apply(messages);
        } catch (RuntimeException e) {
            // handed back: the queue's delivery limit dead-letters a result that keeps failing
            channel.basicNack(messages.getLast().getMessageProperties().getDeliveryTag(), true, true);
            throw e;
        }
        long last = -1;
        for (Message message : messages) {
            long tag = message.getMessageProperties().getDeliveryTag();
            if (unreadable.contains(message)) {
                channel.basicReject(tag, false);
            } else {
                last = Math.max(last, tag);
            }
        }
        if (last >= 0) {
            channel.basicAck(last, true);
        }
        handled.increment(messages.size());
    }

    /** Applies the readable results and announces the jobs they finished; returns the unreadable messages. */
    List<Message> apply(List<Message> messages) {
        List<JobResult> results = new ArrayList<>();
        List<Message> unreadable = new ArrayList<>();
        for (Message message : messages) {
            try {
                results.add(read(message));
            } catch (JacksonException | IllegalArgumentException e) {
                log.warn(
                        "Dead-lettering an unreadable result {}: {}",
                        message.getMessageProperties().getMessageId(),
                        e.getMessage());
                unreadable.add(message);
            }
        }
        List<String> finished = new ArrayList<>(); // across retries: a second try finds them finished
        retry.invoke(() -> store(results, finished));
        if (!finished.isEmpty()) {
            events.publish(topology.eventsExchange(), "", new JobEvent(finished));
        }
        return unreadable;
    }

    /** One statement per kind of job result (a batch row's, one each); adds the jobs finished. */
    private void store(List<JobResult> results, List<String> finished) {
        Instant now = clock.instant();
        List<JobResult> ofJobs = new ArrayList<>();
        for (JobResult result : results) {
            if (result.row() != null) {
                rows.apply(result, now);
            } else {
                ofJobs.add(result);
            }
        }
        Map<JobStatus, List<JobResult>> byStatus = ofJobs.stream().collect(Collectors.groupingBy(JobResult::status));
        jobs.processing(
                byStatus.getOrDefault(JobStatus.PROCESSING, List.of()).stream()
                        .map(JobResult::id)
                        .toList(),
                now);
        finished.addAll(jobs.done(byStatus.getOrDefault(JobStatus.DONE, List.of()), now));
        finished.addAll(jobs.failed(byStatus.getOrDefault(JobStatus.FAILED, List.of()), now));
    }

    private JobResult read(Message message) {
        JobResult result = json.readValue(message.getBody(), JobResult.class);
        if (result == null
                || JobId.parse(result.id()).isEmpty()
                || result.status() == null
                || result.status() == JobStatus.QUEUED
                || (result.status() == JobStatus.DONE && result.imageKey() == null)
                || (result.row() != null && result.row() < 1)) {
            throw new IllegalArgumentException("not a result: " + result);
        }
        return result;
    }
}
