package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.batch.BatchItemMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes batch rows from the bulk queue, one at a time and only while this worker has no
 * interactive job in flight. The fate of each message follows {@link JobListener}: ack when done,
 * requeue on a storage failure, dead-letter (with a failed marker) when poison or out of deliveries.
 */
@Component
class BulkListener {

    private static final Logger log = LoggerFactory.getLogger(BulkListener.class);
    private static final String DELIVERY_COUNT = "x-delivery-count";

    private final BatchItemProcessor processor;
    private final InteractiveLoad load;
    private final JsonMapper json;
    private final int deliveryLimit;

    BulkListener(BatchItemProcessor processor, InteractiveLoad load, JsonMapper json, BrokerProperties broker) {
        this.processor = processor;
        this.load = load;
        this.json = json;
        this.deliveryLimit = broker.deliveryLimit();
    }

    @RabbitListener(id = "bulk", queues = Topology.BULK_QUEUE, containerFactory = ListenerConfiguration.BULK_FACTORY)
    void onItem(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            load.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.basicNack(tag, false, true); // shutting down; another worker takes it
            return;
        }
        BatchItemMessage item;
        try {
            item = read(message);
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Dead-lettering unreadable batch row {}: {}", message.getMessageProperties().getMessageId(), e.getMessage());
            channel.basicReject(tag, false);
            return;
        }
        try {
            processor.process(item);
            channel.basicAck(tag, false);
        } catch (UnrenderableJobException e) {
            log.warn("Dead-lettering poison row {}: {}", item.messageId(), e.getMessage());
            failQuietly(item, e.getMessage());
            channel.basicReject(tag, false);
        } catch (StorageException e) {
            Number deliveries = message.getMessageProperties().getHeader(DELIVERY_COUNT);
            if (deliveries != null && deliveries.intValue() >= deliveryLimit) {
                log.warn("Row {} failed on its last delivery; dead-lettering: {}", item.messageId(), e.getMessage());
                failQuietly(item, "storage unavailable after " + (deliveries.intValue() + 1) + " deliveries");
                channel.basicReject(tag, false);
            } else {
                log.warn("Row {} hit a storage failure; handing it back to the queue: {}", item.messageId(), e.getMessage());
                channel.basicNack(tag, false, true);
            }
        }
    }

    private BatchItemMessage read(Message message) {
        BatchItemMessage item = json.readValue(message.getBody(), BatchItemMessage.class);
        if (item == null || item.request() == null || item.row() < 1 || JobId.parse(item.batchId()).isEmpty()) {
            throw new IllegalArgumentException("missing batch id, row or request");
        }
        return item;
    }

    private void failQuietly(BatchItemMessage item, String reason) {
        try {
            processor.fail(item, reason);
        } catch (StorageException e) {
            log.warn("Could not mark row {} failed: {}", item.messageId(), e.getMessage());
        }
    }
}
