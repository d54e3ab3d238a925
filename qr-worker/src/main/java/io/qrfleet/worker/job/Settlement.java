package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.worker.system.Progress;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

/**
 * Settles a delivery under manual acknowledgement, whatever the work throws. Done: its result is
 * confirmed by the broker, then the message acked. Poison ({@link UnrenderableJobException}): a
 * FAILED result, then dead-lettered at once. Any other exception, expected (storage down) or not:
 * the message goes back to the queue, which counts its deliveries, until the last one, which gets
 * a FAILED result and is dead-lettered. No consumer is ever left holding a message it will not
 * finish, and no job ends without a result.
 */
@Component
class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    private static final String DELIVERY_COUNT = "x-delivery-count";

    private final int deliveryLimit;
    private final Progress progress;
    private final ResultSender results;

    Settlement(BrokerProperties broker, Progress progress, ResultSender results) {
        this.deliveryLimit = broker.deliveryLimit();
        this.progress = progress;
        this.results = results;
    }

    @FunctionalInterface
    interface Work {
        JobResult run() throws UnrenderableJobException;
    }

    /** {@code failed} makes the FAILED result for a reason the client will see. */
    void settle(Message message, Channel channel, String what, Work work, Function<String, JobResult> failed)
            throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        try (Progress.Delivery delivery = progress.begin()) {
            JobResult result;
            boolean requeue = false;
            try {
                result = work.run();
            } catch (UnrenderableJobException e) {
                log.warn("Dead-lettering poison {}: {}", what, e.getMessage());
                result = failed.apply(e.getMessage());
            } catch (RuntimeException e) {
                Number deliveries = message.getMessageProperties().getHeader(DELIVERY_COUNT);
                if (e instanceof StorageException) {
                    log.warn("{} hit a storage failure: {}", what, e.getMessage());
                } else {
                    log.error("{} failed unexpectedly", what, e);
                }
                requeue = deliveries == null || deliveries.intValue() < deliveryLimit;
                result = requeue
                        ? null
                        : failed.apply((e instanceof StorageException ? "storage unavailable" : "processing failed")
                                + " after " + (deliveries.intValue() + 1) + " deliveries");
                if (!requeue) {
                    log.warn("Dead-lettering {} after its last delivery", what);
                }
            }
            finish(channel, tag, what, result, requeue);
        }
    }

    /** Dead-letters a message nothing can be read from; with the job id still readable, the job FAILED. */
    void rejectUnreadable(Message message, Channel channel, RuntimeException cause, String jobId) throws IOException {
        String what = "unreadable message " + message.getMessageProperties().getMessageId();
        log.warn("Dead-lettering {}: {}", what, cause.getMessage());
        finish(
                channel,
                message.getMessageProperties().getDeliveryTag(),
                what,
                jobId == null ? null : JobResult.failed(jobId, null, "unreadable job message"),
                false);
    }

    private void finish(Channel channel, long tag, String what, JobResult result, boolean requeue) throws IOException {
        if (requeue) {
            channel.basicNack(tag, false, true);
            return;
        }
        try {
            if (result != null) {
                results.send(result);
            }
        } catch (RuntimeException e) { // interrupted by a shutdown: another worker will do it again
            log.warn("Could not report {}, handing it back: {}", what, e.getMessage());
            channel.basicNack(tag, false, true);
            return;
        }
        if (result != null && result.status() == JobStatus.DONE) {
            channel.basicAck(tag, false);
        } else {
            channel.basicReject(tag, false);
        }
    }
}
