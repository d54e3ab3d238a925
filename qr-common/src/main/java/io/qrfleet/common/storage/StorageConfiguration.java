package io.qrfleet.common.storage;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;
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

    /** Short timeouts: a storage outage must surface as a quick 503 or retry, not a hung thread. */
    @Bean
    MinioClient minioClient(StorageProperties properties) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.requestTimeout())
                .writeTimeout(properties.requestTimeout())
                .build();
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .httpClient(http)
                .build();
    }

    @Bean
    ObjectStore objectStore(MinioClient client, StorageProperties properties) {
        return new ObjectStore(client, properties.bucket());
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
