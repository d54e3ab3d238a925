package io.qrfleet.common.broker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.Topology;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a job as a persistent, mandatory message and waits for the broker's confirm, so a
 * caller only goes on once the broker has taken responsibility for the message. Needs
 * {@code spring.rabbitmq.publisher-confirm-type=correlated} and {@code publisher-returns=true}.
 */
public class JobPublisher {

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final long confirmTimeoutMillis;
    private final Timer confirmTimer;

    public JobPublisher(RabbitTemplate rabbit, JsonMapper json, BrokerProperties properties, MeterRegistry meters) {
        this.rabbit = rabbit;
        this.json = json;
        this.confirmTimeoutMillis = properties.confirmTimeout().toMillis();
        this.confirmTimer = Timer.builder("qr.publish.confirm")
                .description("Time from publish to the broker's confirm")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Returns normally only on a positive confirm for a routed message; else names the reason. */
    public void publish(JobMessage job) throws PublishRefusedException {
        MessageProperties headers = new MessageProperties();
        headers.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        headers.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        headers.setMessageId(job.jobId());
        Message message = new Message(json.writeValueAsBytes(job), headers);
        CorrelationData correlation = new CorrelationData(job.jobId());
        long start = System.nanoTime();
        try {
            rabbit.send(Topology.EXCHANGE, Topology.INTERACTIVE_ROUTING_KEY, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(confirmTimeoutMillis, TimeUnit.MILLISECONDS);
            confirmTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (correlation.getReturned() != null) {
                throw new PublishRefusedException("unroutable", "The job queue is missing (message returned by the broker).");
            }
            if (!confirm.ack()) {
                // with x-overflow=reject-publish a full queue answers with a nack
                throw new PublishRefusedException("queue_full", "The job queue is full or the broker refused the job.");
            }
        } catch (AmqpException e) {
            throw new PublishRefusedException("broker_unavailable", "The message broker is unreachable.", e);
        } catch (TimeoutException e) {
            throw new PublishRefusedException("confirm_timeout", "The message broker did not confirm the job in time.", e);
        } catch (ExecutionException e) {
            throw new PublishRefusedException("broker_unavailable", "The message broker failed to confirm the job.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishRefusedException("interrupted", "Shutting down.", e);
        }
    }
}
