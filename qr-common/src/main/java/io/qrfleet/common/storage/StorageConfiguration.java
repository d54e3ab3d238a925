package io.qrfleet.common.storage;

import io.minio.MinioClient;
import java.util.List;
import java.util.concurrent.Executors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    private static final int MAX_CONCURRENT_REQUESTS = 64;

    @Bean
    ObjectStore objectStore(MinioClient client, StorageProperties properties) {
        return new ObjectStore(client, properties.bucket());
    }

    /**
     * minio-java on an HTTP client of our own: short timeouts, so an outage surfaces as a quick 503
     * or retry rather than a hung thread, and none of minio-java's default status retries (up to
     * five, with back-off), since the callers own the retry policy. minio-java runs every call on
     * OkHttp's dispatcher, which allows five calls per host by default: far too few for a gateway
     * streaming images; its calls run on virtual threads. The region is set, so no bucket-location
     * request precedes the first call. Closed with the context, and its dispatcher with it.
     */
    @Bean
    MinioClient minioClient(StorageProperties properties) {
        Dispatcher dispatcher = new Dispatcher(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("s3-", 0).factory()));
        dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
        OkHttpClient http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.writeTimeout())
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .httpClient(http, true)
                .build();
    }

    /** Creates the bucket at start-up; if storage is not up yet, the first use or health check will. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> bucketAtStartup(ObjectStore objects) {
        return event -> {
            try {
                objects.ensureBucket();
            } catch (StorageException e) {
                LoggerFactory.getLogger(StorageConfiguration.class)
                        .warn("Bucket not ready at start-up: {}", e.getMessage());
            }
        };
    }
}
