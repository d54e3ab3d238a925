package io.qrfleet.common.storage;

import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    /** Short timeouts (qr.storage.*-timeout): an outage must surface as a quick 503 or retry, not a hung thread. */
    @Bean
    ObjectStore objectStore(StorageProperties properties) {
        return new ObjectStore(new S3Client(properties, Clock.systemUTC()), properties.bucket());
    }

    /** Creates the bucket at start-up; if storage is not up yet, the first use or health check will. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> bucketAtStartup(ObjectStore objects) {
        return event -> {
            try {
                objects.ensureBucket();
            } catch (StorageException e) {
                LoggerFactory.getLogger(StorageConfiguration.class).warn("Bucket not ready at start-up: {}", e.getMessage());
            }
        };
    }

    @Bean
    JobStore jobStore(ObjectStore objects, JsonMapper json) {
        return new JobStore(objects, json);
    }
}
