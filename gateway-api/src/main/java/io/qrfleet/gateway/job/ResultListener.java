package io.qrfleet.gateway.job;

import io.qrfleet.common.broker.BestEffortPublisher;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
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
 * Applies the workers' results, from the queue all gateways share, each with one guarded update,
 * and wakes the long polls of every gateway when a job is finished. While the database is
 * unreachable the result is retried, not acknowledged, so none is lost; an unreadable one is
 * dead-lettered.
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
            Topology topology) {
        this.jobs = jobs;
        this.rows = rows;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.topology = topology;
    }

    @RabbitListener(id = "results", queues = "#{@topology.resultsQueue()}", concurrency = "2")
    void onResult(Message message) {
        JobResult result = read(message);
        retry.invoke(() -> apply(result));
    }

    private void apply(JobResult result) {
        Instant now = clock.instant();
        if (result.row() != null) {
            rows.apply(result, now);
            return;
        }
        boolean changed = switch (result.status()) {
            case PROCESSING -> jobs.processing(result.id(), now);
            case DONE -> jobs.done(result.id(), result.imageKey(), result.imageSize(), result.verification(), now);
            case FAILED -> jobs.failed(result.id(), result.error(), now);
            case QUEUED -> false;
        };
        if (changed && result.status().isFinal()) {
            events.publish(topology.eventsExchange(), "", new JobEvent(result.id(), result.status()));
        } else if (!changed) {
            log.debug("Result {} changed nothing", result.messageId());
        }
    }

    private JobResult read(Message message) {
        try {
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
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn(
                    "Dead-lettering an unreadable result {}: {}",
                    message.getMessageProperties().getMessageId(),
                    e.getMessage());
            throw new AmqpRejectAndDontRequeueException("unreadable result", e);
        }
    }
}
