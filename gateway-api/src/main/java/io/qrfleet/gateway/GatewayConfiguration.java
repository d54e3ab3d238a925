package io.qrfleet.gateway;

import io.qrfleet.common.CommonConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The broker, storage and clock the whole gateway shares. Not on the application class, so that a
 * test slice ({@code @JdbcTest}, {@code @WebMvcTest}) loads only what it asks for.
 */
@Configuration(proxyBeanMethods = false)
@Import(CommonConfiguration.class)
class GatewayConfiguration {

    /** Whole microseconds, what PostgreSQL keeps: a time read back equals the one written (list cursors). */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
