package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.Topology;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes interactive jobs with manual acknowledgement and decides each message's fate:
 * ack when done, requeue on a transient failure (the quorum queue counts deliveries), reject
 * to the dead-letter queue when the job is poison or its last delivery has failed.
 */
@Component
class JobListener {

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);
    private static final String DELIVERY_COUNT = "x-delivery-count";

    private final JobProcessor processor;
    private final JsonMapper json;
    private final int deliveryLimit;
    private final InteractiveLoad load;

    JobListener(JobProcessor processor, JsonMapper json, BrokerProperties broker, InteractiveLoad load) {
        this.processor = processor;
        this.json = json;
        this.deliveryLimit = broker.deliveryLimit();
        this.load = load;
    }

    @RabbitListener(id = "interactive", queues = Topology.INTERACTIVE_QUEUE)
    void onJob(Message message, Channel channel) throws IOException {
        load.started();
        try {
            handle(message, channel);
        } finally {
            load.finished();
        }
    }

    private void handle(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        JobMessage job;
        try {
            job = read(message);
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Dead-lettering unreadable message {}: {}", message.getMessageProperties().getMessageId(), e.getMessage());
            failQuietly(message.getMessageProperties().getMessageId(), "unreadable job message");
            channel.basicReject(tag, false);
            return;
        }
        try {
            processor.process(job);
            channel.basicAck(tag, false);
        } catch (UnrenderableJobException e) {
            log.warn("Dead-lettering poison job {}: {}", job.jobId(), e.getMessage());
            failQuietly(job.jobId(), e.getMessage());
            channel.basicReject(tag, false);
        } catch (StorageException e) {
            handBack(message, channel, job, e);
        }
    }

    private void handBack(Message message, Channel channel, JobMessage job, StorageException e) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Number deliveries = message.getMessageProperties().getHeader(DELIVERY_COUNT);
        if (deliveries != null && deliveries.intValue() >= deliveryLimit) {
            log.warn("Job {} failed on its last delivery; dead-lettering: {}", job.jobId(), e.getMessage());
            failQuietly(job.jobId(), "storage unavailable after " + (deliveries.intValue() + 1) + " deliveries");
            channel.basicReject(tag, false);
        } else {
            log.warn("Job {} hit a storage failure; handing it back to the queue: {}", job.jobId(), e.getMessage());
            channel.basicNack(tag, false, true);
        }
    }

    private JobMessage read(Message message) {
        JobMessage job = json.readValue(message.getBody(), JobMessage.class);
        if (job == null || job.request() == null || JobId.parse(job.jobId()).isEmpty()) {
            throw new IllegalArgumentException("missing job id or request");
        }
        return job;
    }

    private void failQuietly(String jobId, String reason) {
        if (JobId.parse(jobId).isEmpty()) {
            return;
        }
        try {
            processor.fail(jobId, reason);
        } catch (StorageException e) {
            log.warn("Could not mark job {} FAILED: {}", jobId, e.getMessage());
        }
    }
}
