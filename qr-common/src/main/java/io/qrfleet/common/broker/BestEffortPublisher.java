package io.qrfleet.common.broker;

import com.rabbitmq.client.AMQP;
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
 * Fire and forget, for messages whose loss costs only time: a worker's PROCESSING report, a
 * gateway's wake-up for long polls. Not mandatory, no confirm awaited, a failure logged and
 * ignored. Sent from a thread of its own: under a broker resource alarm opening a channel on the
 * (blocked) publisher connection waits until the alarm ends, and that wait must never hold a
 * consumer, and with it the message it is working on.
 */
public class BestEffortPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BestEffortPublisher.class);
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType(MessageProperties.CONTENT_TYPE_JSON)
            .deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.NON_PERSISTENT))
            .build();
    /** Messages waiting to be sent; beyond it they are dropped. */
    private static final int BACKLOG = 1_000;

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final ExecutorService sender = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            Thread.ofVirtual().name("best-effort-publisher").factory(),
            (message, pool) -> log.warn("Message dropped: {} are waiting for the broker", BACKLOG));

    public BestEffortPublisher(RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    /** Returns at once. */
    public void publish(String exchange, String routingKey, Object payload) {
        byte[] body = json.writeValueAsBytes(payload);
        sender.execute(() -> send(exchange, routingKey, body, payload));
    }

    private void send(String exchange, String routingKey, byte[] body, Object payload) {
        try {
            // the raw channel, because the template is set up for mandatory publishes
            rabbit.execute(channel -> {
                channel.basicPublish(exchange, routingKey, false, PROPERTIES, body);
                return null;
            });
        } catch (AmqpException e) {
            log.warn("Could not send {}: {}", payload, e.getMessage());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
