package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.Topology;
import io.qrfleet.worker.AbstractWorkerIT;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.TestPropertySource;

/**
 * Storage stays down: each delivery retries with backoff, hands the job back, and after the
 * queue's delivery limit the broker holds it in the dead-letter queue. No endless loop.
 */
@TestPropertySource(
        properties = {
            "qr.storage.endpoint=http://127.0.0.1:1",
            "qr.worker.storage-attempts=2",
            "qr.worker.storage-backoff=10ms"
        })
class StorageOutageIT extends AbstractWorkerIT {

    @Test
    void jobEndsInDeadLetterQueueAfterTheDeliveryLimit() {
        String id = JobId.next();
        JobMessage job =
                new JobMessage(id, new JobRequest("outage", null, null, null, null, null, null).toRenderRequest());
        publish(Topology.INTERACTIVE_ROUTING_KEY, id, job);

        Message dead = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> rabbit.receive(topology.deadLetterQueue(), 1000),
                        message -> message != null
                                && id.equals(message.getMessageProperties().getMessageId()));

        assertThat(dead.getBody()).isEqualTo(json.writeValueAsBytes(job));
        assertThat(admin.getQueueInfo(topology.interactiveQueue()).getMessageCount())
                .isZero();
    }
}
