package io.qrfleet.common.broker;

import com.rabbitmq.client.AMQP;
import io.qrfleet.contract.JobEvent;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces a finished job on {@link Topology#EVENTS_EXCHANGE} so a gateway holding a long poll for
 * it can answer at once. Fire and forget: non-persistent, not mandatory, no confirm awaited. A lost
 * event only means the waiting client is answered when its wait runs out, so a failure is logged
 * and ignored. Sent on the template's cached channels: no connection or channel of its own.
 */
public class CompletionPublisher {

    private static final Logger log = LoggerFactory.getLogger(CompletionPublisher.class);
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType(MessageProperties.CONTENT_TYPE_JSON)
            .deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.NON_PERSISTENT))
            .build();

    private final RabbitTemplate rabbit;
    private final JsonMapper json;

    public CompletionPublisher(RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    /** Call right after the job's DONE or FAILED record is saved. */
    public void publish(JobRecord job) {
        byte[] body = json.writeValueAsBytes(new JobEvent(job.id(), job.status()));
        try {
            // the raw channel, because the template is set up for mandatory publishes
            rabbit.execute(channel -> {
                channel.basicPublish(Topology.EVENTS_EXCHANGE, "", false, PROPERTIES, body);
                return null;
            });
        } catch (AmqpException e) {
            log.warn("Could not announce job {} as {}; waiting clients get it when their wait ends: {}", job.id(),
                    job.status(), e.getMessage());
        }
    }
}
