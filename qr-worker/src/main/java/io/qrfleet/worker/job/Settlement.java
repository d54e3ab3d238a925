package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.worker.system.Progress;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

/**
 * Settles a delivery under manual acknowledgement, whatever the work throws: ack when it is done;
 * poison ({@link UnrenderableJobException}) is marked failed and dead-lettered at once; any other
 * exception, expected (storage down) or not, hands the message back to the queue, which counts its
 * deliveries, until the last one, which is marked failed and dead-lettered. No consumer is ever
 * left holding a message it will not finish.
 */
@Component
class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    private static final String DELIVERY_COUNT = "x-delivery-count";

    private final int deliveryLimit;
    private final Progress progress;

    Settlement(BrokerProperties broker, Progress progress) {
        this.deliveryLimit = broker.deliveryLimit();
        this.progress = progress;
    }

    @FunctionalInterface
    interface Work {
        void run() throws UnrenderableJobException;
    }

    /** {@code fail} records the reason where the client will see it; it is best-effort. */
    void settle(Message message, Channel channel, String what, Work work, Consumer<String> fail) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        try (Progress.Delivery delivery = progress.begin()) {
            work.run();
            channel.basicAck(tag, false);
        } catch (UnrenderableJobException e) {
            log.warn("Dead-lettering poison {}: {}", what, e.getMessage());
            failQuietly(what, fail, e.getMessage());
            channel.basicReject(tag, false);
        } catch (RuntimeException e) {
            Number deliveries = message.getMessageProperties().getHeader(DELIVERY_COUNT);
            if (e instanceof StorageException) {
                log.warn("{} hit a storage failure: {}", what, e.getMessage());
            } else {
                log.error("{} failed unexpectedly", what, e);
            }
            if (deliveries != null && deliveries.intValue() >= deliveryLimit) {
                log.warn("Dead-lettering {} after its last delivery", what);
                failQuietly(what, fail, (e instanceof StorageException ? "storage unavailable" : "processing failed")
                        + " after " + (deliveries.intValue() + 1) + " deliveries");
                channel.basicReject(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        }
    }

    /** Dead-letters a message nothing can be read from; {@code fail} as in {@link #settle}. */
    void rejectUnreadable(Message message, Channel channel, RuntimeException cause, Consumer<String> fail)
            throws IOException {
        String what = "unreadable message " + message.getMessageProperties().getMessageId();
        log.warn("Dead-lettering {}: {}", what, cause.getMessage());
        failQuietly(what, fail, "unreadable job message");
        channel.basicReject(message.getMessageProperties().getDeliveryTag(), false);
    }

    private static void failQuietly(String what, Consumer<String> fail, String reason) {
        try {
            fail.accept(reason);
        } catch (RuntimeException e) {
            log.warn("Could not mark {} failed: {}", what, e.getMessage());
        }
    }
}
