package io.qrfleet.gateway.job;

import io.qrfleet.contract.Topology;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every gateway's own copy of the completion events: an exclusive, auto-delete queue bound to the
 * fanout, gone with the gateway's connection and declared again on every reconnect.
 */
@Configuration(proxyBeanMethods = false)
class CompletionEventsConfiguration {

    /** Not an AnonymousQueue: its leader-locator argument is refused for classic queues by brokers before 4.0. */
    @Bean
    Queue jobEventsQueue(Topology topology) {
        String name = new Base64UrlNamingStrategy(topology.eventsExchange() + ".gateway-").generateName();
        return new Queue(name, false, true, true);
    }

    @Bean
    Binding jobEventsBinding(Queue jobEventsQueue, Topology topology) {
        return BindingBuilder.bind(jobEventsQueue).to(new FanoutExchange(topology.eventsExchange()));
    }

    /**
     * A refused login (wrong password, vhost not there yet) would otherwise abort the listener and
     * with it the gateway's start-up; it is retried like a broker that is down, and health says DOWN.
     */
    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> jobEventsContainerCustomizer() {
        return container -> container.setPossibleAuthenticationFailureFatal(false);
    }
}
