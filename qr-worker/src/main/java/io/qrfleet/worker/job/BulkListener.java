package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.batch.BatchItemMessage;
import java.io.IOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes batch rows from the bulk queue, one at a time and only while this worker has no
 * interactive job in flight; {@link Settlement} decides each message's fate, as for single jobs.
 */
@Component
class BulkListener {

    private final BatchItemProcessor processor;
    private final InteractiveLoad load;
    private final JsonMapper json;
    private final Settlement settlement;

    BulkListener(BatchItemProcessor processor, InteractiveLoad load, JsonMapper json, Settlement settlement) {
        this.processor = processor;
        this.load = load;
        this.json = json;
        this.settlement = settlement;
    }

    @RabbitListener(
            id = "bulk",
            queues = "#{@topology.bulkQueue()}",
            containerFactory = ListenerConfiguration.BULK_FACTORY)
    void onItem(Message message, Channel channel) throws IOException {
        try {
            load.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true); // shutting down
            return;
        }
        BatchItemMessage item;
        try {
            item = read(message);
        } catch (RuntimeException e) {
            settlement.rejectUnreadable(message, channel, e, null);
            return;
        }
        settlement.settle(
                message,
                channel,
                "batch row " + item.messageId(),
                () -> processor.process(item),
                reason -> JobResult.failed(item.batchId(), item.row(), reason));
    }

    private BatchItemMessage read(Message message) {
        BatchItemMessage item = json.readValue(message.getBody(), BatchItemMessage.class);
        if (item == null
                || item.request() == null
                || item.row() < 1
                || JobId.parse(item.batchId()).isEmpty()) {
            throw new IllegalArgumentException("missing batch id, row or request");
        }
        return item;
    }
}
