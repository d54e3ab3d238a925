package io.qrfleet.common.broker;

import java.util.concurrent.Executors;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the RabbitMQ client's callbacks (publisher confirms, consumer dispatch) on a few fixed
 * threads. Left alone, the connection factory uses an unbounded cached pool: 10,000 confirms of
 * one batch arriving faster than their callbacks finish start a thread each, and in a container
 * with a pids limit the gateway then cannot create threads at all (found with bench/batch.py).
 */
@Configuration(proxyBeanMethods = false)
public class CallbackExecutorConfiguration {

    static final int CALLBACK_THREADS = 4;

    @Bean
    static BeanPostProcessor boundedRabbitCallbacks() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractConnectionFactory factory) {
                    factory.setExecutor(Executors.newFixedThreadPool(
                            CALLBACK_THREADS,
                            Thread.ofPlatform()
                                    .name("amqp-callback-", 1)
                                    .daemon()
                                    .factory()));
                }
                return bean;
            }
        };
    }
}
