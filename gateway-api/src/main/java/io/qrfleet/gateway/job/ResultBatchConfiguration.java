package io.qrfleet.gateway.job;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The results listener's containers: the consumer gathers a batch (Spring AMQP's consumer
 * batching) and hands it over whole; the listener acknowledges it itself after the commit.
 */
@Configuration(proxyBeanMethods = false)
class ResultBatchConfiguration {

    @Bean
    SimpleRabbitListenerContainerFactory resultBatches(
            SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connections,
            ContainerCustomizer<SimpleMessageListenerContainer> customizer,
            ResultProperties results) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connections);
        factory.setContainerCustomizer(customizer);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(results.batchSize());
        factory.setPrefetchCount(results.batchSize());
        factory.setReceiveTimeout(results.batchWait().toMillis());
        factory.setBatchReceiveTimeout(results.batchWait().toMillis());
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setConcurrentConsumers(results.consumers());
        factory.setMaxConcurrentConsumers(results.consumers());
        return factory;
    }
}
