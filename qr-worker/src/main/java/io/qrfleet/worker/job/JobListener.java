package io.qrfleet.worker.job;

import com.rabbitmq.client.Channel;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import java.io.IOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes interactive jobs with manual acknowledgement; {@link Settlement} decides each
 * message's fate.
 */
@Component
class JobListener {

    private final JobProcessor processor;
    private final JsonMapper json;
    private final Settlement settlement;
    private final InteractiveLoad load;

    JobListener(JobProcessor processor, JsonMapper json, Settlement settlement, InteractiveLoad load) {
        this.processor = processor;
        this.json = json;
        this.settlement = settlement;
        this.load = load;
    }

    @RabbitListener(id = "interactive", queues = "#{@topology.interactiveQueue()}")
    void onJob(Message message, Channel channel) throws IOException {
        load.started();
        try {
            handle(message, channel);
        } finally {
            load.finished();
        }
    }

    private void handle(Message message, Channel channel) throws IOException {
        JobMessage job;
        try {
            job = read(message);
        } catch (RuntimeException e) {
            // the id alone may still be readable: then the client learns the job FAILED
            String id = message.getMessageProperties().getMessageId();
            settlement.rejectUnreadable(message, channel, e, JobId.parse(id).orElse(null));
            return;
        }
        settlement.settle(
                message,
                channel,
                "job " + job.jobId(),
                () -> processor.process(job),
                reason -> JobResult.failed(job.jobId(), null, reason));
    }

    private JobMessage read(Message message) {
        JobMessage job = json.readValue(message.getBody(), JobMessage.class);
        if (job == null || job.request() == null || JobId.parse(job.jobId()).isEmpty()) {
            throw new IllegalArgumentException("missing job id or request");
        }
        return job;
    }
}
