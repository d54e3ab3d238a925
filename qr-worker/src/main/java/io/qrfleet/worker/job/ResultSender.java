package io.qrfleet.worker.job;

import io.qrfleet.common.broker.BestEffortPublisher;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.broker.PublishRefusedException;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * Reports to the gateways, which alone write job state. A final result is sent with a confirm and
 * retried until the broker takes it, holding the delivery meanwhile: while the broker is in a
 * resource alarm or the results queue is full, the worker waits instead of consuming more jobs or
 * spending their delivery attempts.
 */
@Component
class ResultSender {

    private static final Logger log = LoggerFactory.getLogger(ResultSender.class);

    private final JobPublisher publisher;
    private final BestEffortPublisher bestEffort;
    private final String exchange;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .includes(PublishRefusedException.class)
            .maxRetries(Long.MAX_VALUE)
            .delay(Duration.ofMillis(500))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .build());

    ResultSender(JobPublisher publisher, BestEffortPublisher bestEffort, Topology topology) {
        this.publisher = publisher;
        this.bestEffort = bestEffort;
        this.exchange = topology.exchange();
        retry.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                log.warn("The broker did not take a result, trying again: {}", failure.getMessage());
            }
        });
    }

    /** Best-effort: a lost PROCESSING report only leaves the job shown as QUEUED a little longer. */
    void processing(String jobId) {
        bestEffort.publish(exchange, Topology.RESULTS_ROUTING_KEY, JobResult.processing(jobId, null));
    }

    /** Returns once the broker has confirmed the result. */
    void send(JobResult result) {
        retry.invoke(() -> publisher.publish(result));
    }
}
