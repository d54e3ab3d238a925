package io.qrfleet.worker;

import io.qrfleet.contract.JobEvent;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A queue of its own bound to the completion events, as each gateway has: what the workers announce. */
public final class EventTap {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final String queue;

    /**
     * Declared through the template, on the connection it reads from (its publisher connection):
     * an exclusive queue can be read only on the connection that declared it.
     */
    public EventTap(RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
        this.queue = rabbit.execute(channel -> {
            String name = channel.queueDeclare("", false, true, false, null).getQueue(); // named by the broker
            channel.queueBind(name, Topology.EVENTS_EXCHANGE, "");
            return name;
        });
    }

    /** The next event announced for the job; other jobs' events are skipped. */
    public JobEvent next(String jobId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = rabbit.receive(queue, 1000);
            if (message != null) {
                JobEvent event = json.readValue(message.getBody(), JobEvent.class);
                if (event.jobId().equals(jobId)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no event for job " + jobId + " within " + PATIENCE);
    }
}
