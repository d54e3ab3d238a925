package io.qrfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.storage.JobStore;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker against the real broker and S3 server, and what its tests do around it as the gateway
 * would. A subclass sets its properties with {@code @TestPropertySource}: a {@code @SpringBootTest}
 * of its own would replace this one.
 */
@SpringBootTest
@ContextConfiguration(initializers = TestServices.Initializer.class)
public abstract class AbstractWorkerIT {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected AmqpAdmin admin;

    @Autowired
    protected ObjectStore objects;

    @Autowired
    protected JobStore jobs;

    @Autowired
    protected JsonMapper json;

    /** Content no other test renders, so no image is found already made. */
    protected static RenderRequest request(String content) {
        return new JobRequest(content + " " + JobId.next(), null, null, null, null, null, null).toRenderRequest();
    }

    /** As the gateway publishes: JSON, with the message id that tells a redelivery. */
    protected void publish(String routingKey, String messageId, Object message) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(messageId);
        rabbit.send(Topology.EXCHANGE, routingKey, new Message(json.writeValueAsBytes(message), properties));
    }

    protected Message deadLetter() {
        Message dead = rabbit.receive(Topology.DEAD_LETTER_QUEUE, PATIENCE.toMillis());
        assertThat(dead).isNotNull();
        return dead;
    }
}
