package io.qrfleet.worker.job;

import io.qrfleet.worker.WorkerProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {

    static final String BULK_FACTORY = "bulkListenerContainerFactory";

    /** Manual acks: a job is acknowledged only after its DONE (or FAILED) record is written. */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory,
            WorkerProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setConcurrentConsumers(properties.concurrency());
        factory.setMaxConcurrentConsumers(properties.concurrency());
        factory.setPrefetchCount(properties.prefetch());
        factory.setDefaultRequeueRejected(false);
        factory.setMissingQueuesFatal(false);
        factory.setContainerCustomizer(container ->
                container.setShutdownTimeout(properties.shutdownTimeout().toMillis()));
        return factory;
    }

    /** Batch rows: few consumers, prefetch 1, so a worker never hoards rows other workers could take. */
    @Bean(BULK_FACTORY)
    SimpleRabbitListenerContainerFactory bulkListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory,
            WorkerProperties properties) {
        SimpleRabbitListenerContainerFactory factory =
                rabbitListenerContainerFactory(configurer, connectionFactory, properties);
        factory.setConcurrentConsumers(properties.bulkConcurrency());
        factory.setMaxConcurrentConsumers(properties.bulkConcurrency());
        factory.setPrefetchCount(properties.bulkPrefetch());
        return factory;
    }
}
