package io.qrfleet.worker;

import io.qrfleet.contract.JobEvent;
import io.qrfleet.contract.Topology;
import java.time.Duration;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A queue of its own bound to the completion events, as each gateway has: what the workers announce. */
public final class EventTap {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final String queue;

    public EventTap(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
        this.queue = admin.declareQueue(new Queue("", false, true, true)); // named by the broker
        admin.declareBinding(BindingBuilder.bind(new Queue(queue)).to(new FanoutExchange(Topology.EVENTS_EXCHANGE)));
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
