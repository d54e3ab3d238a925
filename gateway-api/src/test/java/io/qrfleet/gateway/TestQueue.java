package io.qrfleet.gateway;

import io.qrfleet.contract.Topology;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The queue a test class submits to, emptied before each test so that what a test finds there is
 * its own. A field with {@code @RegisterExtension}; it takes the broker from the test's context.
 */
public final class TestQueue implements BeforeEachCallback {

    private final boolean interactive;
    private String name;
    private String exchange;
    private AmqpAdmin admin;
    private RabbitTemplate rabbit;

    private TestQueue(boolean interactive) {
        this.interactive = interactive;
    }

    public static TestQueue interactive() {
        return new TestQueue(true);
    }

    public static TestQueue bulk() {
        return new TestQueue(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        Topology topology = spring.getBean(Topology.class);
        name = interactive ? topology.interactiveQueue() : topology.bulkQueue();
        exchange = topology.exchange();
        admin = spring.getBean(AmqpAdmin.class);
        rabbit = spring.getBean(RabbitTemplate.class);
        purge();
    }

    public void purge() {
        admin.purgeQueue(name, false);
    }

    public long messageCount() {
        return admin.getQueueInfo(name).getMessageCount();
    }

    public Message receive() {
        return rabbit.receive(name, 5000);
    }

    /** The next message, or null at once when there is none. */
    public Message poll() {
        return rabbit.receive(name);
    }

    /** What {@code submit} returns while the queue is unbound: the broker returns what is published to it. */
    public <T> T unbound(Supplier<T> submit) {
        // a connection opened later would make RabbitAdmin declare the binding again: open the
        // publisher's now (the template publishes on it)
        rabbit.execute(channel -> null);
        String routingKey = interactive ? Topology.INTERACTIVE_ROUTING_KEY : Topology.BULK_ROUTING_KEY;
        Binding binding = new Binding(name, Binding.DestinationType.QUEUE, exchange, routingKey, null);
        admin.removeBinding(binding);
        try {
            return submit.get();
        } finally {
            admin.declareBinding(binding);
        }
    }
}
