package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Storage stays down: each delivery retries with backoff, hands the job back, and after the
 * queue's delivery limit the broker holds it in the dead-letter queue. No endless loop.
 */
@SpringBootTest(properties = {"qr.worker.storage-attempts=2", "qr.worker.storage-backoff=10ms"})
@DirtiesContext // its consumers, cut off from storage, must not stay around to take other classes' jobs
class StorageOutageIT {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("qr.storage.endpoint", () -> "http://127.0.0.1:1");
    }

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void emptyQueues() {
        // leftovers of other test classes sharing the broker would be dead-lettered here too
        admin.purgeQueue(Topology.INTERACTIVE_QUEUE, false);
        admin.purgeQueue(Topology.BULK_QUEUE, false);
        admin.purgeQueue(Topology.DEAD_LETTER_QUEUE, false);
    }

    @Test
    void jobEndsInDeadLetterQueueAfterTheDeliveryLimit() {
        String id = JobId.next();
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(id);
        JobMessage job = new JobMessage(id, new JobRequest("outage", null, null, null, null, null, null).toRenderRequest());
        rabbit.send(Topology.EXCHANGE, Topology.INTERACTIVE_ROUTING_KEY, new Message(json.writeValueAsBytes(job), properties));

        Message dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> rabbit.receive(Topology.DEAD_LETTER_QUEUE, 1000),
                        message -> message != null && id.equals(message.getMessageProperties().getMessageId()));

        assertThat(dead.getBody()).isEqualTo(json.writeValueAsBytes(job));
        assertThat(admin.getQueueInfo(Topology.INTERACTIVE_QUEUE).getMessageCount()).isZero();
    }
}
