package io.qrfleet.common.broker;

import com.rabbitmq.client.AMQP;
import io.qrfleet.contract.JobEvent;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.Topology;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * and ignored. Sent on the template's cached channels from a thread of its own: under a broker
 * resource alarm opening a channel on the (blocked) publisher connection waits until the alarm
 * ends, and that wait must never hold a consumer, and with it the message it is working on.
 */
public class CompletionPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompletionPublisher.class);
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType(MessageProperties.CONTENT_TYPE_JSON)
            .deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.NON_PERSISTENT))
            .build();
    /** Events waiting to be sent; beyond it they are dropped (clients then wait their time out). */
    private static final int BACKLOG = 1_000;

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BACKLOG), Thread.ofVirtual().name("completion-events").factory(),
            (event, pool) -> log.warn("Completion event dropped: {} events are waiting for the broker", BACKLOG));

    public CompletionPublisher(RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    /** Call right after the job's DONE or FAILED record is saved; returns at once. */
    public void publish(JobRecord job) {
        byte[] body = json.writeValueAsBytes(new JobEvent(job.id(), job.status()));
        sender.execute(() -> send(job, body));
    }

    private void send(JobRecord job, byte[] body) {
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

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
