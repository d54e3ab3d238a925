package io.qrfleet.common.broker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
    private final String exchange;
    private final long confirmTimeoutMillis;
    private final Timer confirmTimer;

    public JobPublisher(RabbitTemplate rabbit, JsonMapper json, BrokerProperties properties, MeterRegistry meters) {
        this.rabbit = rabbit;
        this.json = json;
        this.exchange = properties.topology().exchange();
        this.confirmTimeoutMillis = properties.confirmTimeout().toMillis();
        this.confirmTimer = Timer.builder("qr.publish.confirm")
                .description("Time from publish to the broker's confirm")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Returns normally only on a positive confirm for a routed message; else names the reason. */
    public void publish(JobMessage job) throws PublishRefusedException {
        publishAll(Topology.INTERACTIVE_ROUTING_KEY, List.of(job), JobMessage::jobId);
    }

    /** A worker's result for the gateways, with the same guarantee. */
    public void publish(JobResult result) throws PublishRefusedException {
        publishAll(Topology.RESULTS_ROUTING_KEY, List.of(result), JobResult::messageId);
    }

    /**
     * Publishes every payload on one channel, then waits for all confirms. The timeout bounds the
     * wait for each next confirm, so a busy broker working through 10,000 messages is given the
     * time it needs while one that stops confirming fails fast. Returns normally only if every
     * message was routed and confirmed; otherwise some may have been taken, and the caller must
     * make them harmless (consumers check state).
     */
    public <T> void publishAll(String routingKey, List<T> payloads, Function<T, String> messageId)
            throws PublishRefusedException {
        List<CorrelationData> correlations = new ArrayList<>(payloads.size());
        long start = System.nanoTime();
        try {
            rabbit.invoke(operations -> {
                for (T payload : payloads) {
                    String id = messageId.apply(payload);
                    CorrelationData correlation = new CorrelationData(id);
                    correlations.add(correlation);
                    operations.send(exchange, routingKey, message(payload, id), correlation);
                }
                return null;
            });
            List<CorrelationData.Confirm> confirms = new ArrayList<>(correlations.size());
            for (CorrelationData correlation : correlations) {
                confirms.add(correlation.getFuture().get(confirmTimeoutMillis, TimeUnit.MILLISECONDS));
            }
            confirmTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            for (int i = 0; i < confirms.size(); i++) {
                check(correlations.get(i), confirms.get(i));
            }
        } catch (AmqpException e) {
            throw new PublishRefusedException("broker_unavailable", "The message broker is unreachable.", e);
        } catch (TimeoutException e) {
            throw new PublishRefusedException(
                    "confirm_timeout", "The message broker did not confirm the job in time.", e);
        } catch (ExecutionException e) {
            throw new PublishRefusedException("broker_unavailable", "The message broker failed to confirm the job.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishRefusedException("interrupted", "Shutting down.", e);
        }
    }

    private Message message(Object payload, String id) {
        MessageProperties headers = new MessageProperties();
        headers.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        headers.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        headers.setMessageId(id);
        return new Message(json.writeValueAsBytes(payload), headers);
    }

    private static void check(CorrelationData correlation, CorrelationData.Confirm confirm) {
        if (correlation.getReturned() != null) {
            throw new PublishRefusedException(
                    "unroutable", "The job queue is missing (message returned by the broker).");
        }
        if (!confirm.ack()) {
            // with x-overflow=reject-publish a full queue answers with a nack
            throw new PublishRefusedException("queue_full", "The job queue is full or the broker refused the job.");
        }
    }
}
