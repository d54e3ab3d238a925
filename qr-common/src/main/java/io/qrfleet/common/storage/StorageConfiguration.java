package io.qrfleet.common.storage;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;
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

    @Bean
    JobStore jobStore(ObjectStore objects, JsonMapper json) {
        return new JobStore(objects, json);
    }
}
