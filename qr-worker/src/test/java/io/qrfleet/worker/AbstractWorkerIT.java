package io.qrfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
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
 * would: publish jobs and read the results from the results queue (no gateway consumes it here). A subclass sets its properties with {@code @TestPropertySource}: a {@code @SpringBootTest}
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
    protected JsonMapper json;

    @Autowired
    protected Topology topology;

    /** Content no other test renders, so no image is found already made. */
    protected static RenderRequest request(String content) {
        return new JobRequest(content + " " + JobId.next(), null, null, null, null, null, null).toRenderRequest();
    }

    /** As the gateway publishes: JSON, with the message id that tells a redelivery. */
    protected void publish(String routingKey, String messageId, Object message) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(messageId);
        rabbit.send(topology.exchange(), routingKey, new Message(json.writeValueAsBytes(message), properties));
    }

    /** Results read so far that no test has asked for yet. */
    private final List<JobResult> results = new ArrayList<>();

    @BeforeEach
    void emptyResults() {
        admin.purgeQueue(topology.resultsQueue(), false);
    }

    /** The next result reported for this job (or batch) and status. */
    protected JobResult result(String id, JobStatus status) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (JobResult result : results) {
                if (result.id().equals(id) && result.status() == status) {
                    results.remove(result);
                    return result;
                }
            }
            Message message = rabbit.receive(topology.resultsQueue(), 500);
            if (message != null) {
                results.add(json.readValue(message.getBody(), JobResult.class));
            }
        }
        throw new AssertionError("no " + status + " result for " + id + " within " + PATIENCE);
    }

    /** Every result read for this id, after waiting {@code quiet} for more. */
    protected List<JobResult> resultsFor(String id, Duration quiet) {
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            Message message = rabbit.receive(topology.resultsQueue(), 200);
            if (message != null) {
                results.add(json.readValue(message.getBody(), JobResult.class));
            }
        }
        return results.stream().filter(result -> result.id().equals(id)).toList();
    }

    protected Message deadLetter() {
        Message dead = rabbit.receive(topology.deadLetterQueue(), PATIENCE.toMillis());
        assertThat(dead).isNotNull();
        return dead;
    }
}
