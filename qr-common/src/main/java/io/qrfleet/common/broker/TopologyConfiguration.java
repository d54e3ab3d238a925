package io.qrfleet.common.broker;

import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.contract.Topology;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchanges, queues and bindings, declared by Spring's RabbitAdmin on every (re)connect. Both
 * services declare the same objects with the same arguments, so either may start first.
 * Also the confirmed publisher both use (the gateway for jobs, the worker for results) and the
 * best-effort one (PROCESSING reports, wake-ups of long polls).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
public class TopologyConfiguration {

    static final String DEAD_ROUTING_KEY = "dead";

    /** The names, for listeners ({@code #{@topology.resultsQueue()}}) and publishers. */
    @Bean
    Topology topology(BrokerProperties properties) {
        return properties.topology();
    }

    @Bean
    Declarables qrTopology(BrokerProperties properties, Topology topology) {
        DirectExchange jobs = ExchangeBuilder.directExchange(topology.exchange())
                .durable(true)
                .build();
        DirectExchange dlx = ExchangeBuilder.directExchange(topology.deadLetterExchange())
                .durable(true)
                .build();
        Queue interactive = workQueue(topology.interactiveQueue(), properties.interactiveMaxLength(), properties);
        Queue bulk = workQueue(topology.bulkQueue(), properties.bulkMaxLength(), properties);
        Queue results = workQueue(topology.resultsQueue(), properties.resultsMaxLength(), properties);
        Queue dead = QueueBuilder.durable(topology.deadLetterQueue()).quorum().build();
        FanoutExchange events = ExchangeBuilder.fanoutExchange(topology.eventsExchange())
                .durable(true)
                .build();
        return new Declarables(
                jobs,
                dlx,
                events,
                interactive,
                bulk,
                results,
                dead,
                bind(interactive, jobs, Topology.INTERACTIVE_ROUTING_KEY),
                bind(bulk, jobs, Topology.BULK_ROUTING_KEY),
                bind(results, jobs, Topology.RESULTS_ROUTING_KEY),
                bind(dead, dlx, DEAD_ROUTING_KEY));
    }

    /**
     * Publishes on a connection of its own. Under a memory or disk alarm RabbitMQ blocks every
     * connection that publishes; sharing one with the consumers would stall the worker's acks and
     * the gateway's completion waiter along with the publishes.
     */
    @Bean
    RabbitTemplateCustomizer separatePublisherConnection() {
        return template -> template.setUsePublisherConnection(true);
    }

    @Bean
    JobPublisher jobPublisher(
            RabbitTemplate rabbit, JsonMapper json, BrokerProperties properties, MeterRegistry meters) {
        return new JobPublisher(rabbit, json, properties, meters);
    }

    @Bean
    BestEffortPublisher bestEffortPublisher(RabbitTemplate rabbit, JsonMapper json) {
        return new BestEffortPublisher(rabbit, json);
    }

    private static Queue workQueue(String name, int maxLength, BrokerProperties properties) {
        return QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(properties.deliveryLimit())
                .deadLetterExchange(properties.topology().deadLetterExchange())
                .deadLetterRoutingKey(DEAD_ROUTING_KEY)
                .maxLength(maxLength)
                .overflow(QueueBuilder.Overflow.rejectPublish)
                .build();
    }

    private static Binding bind(Queue queue, DirectExchange exchange, String routingKey) {
        return BindingBuilder.bind(queue).to(exchange).with(routingKey);
    }
}
