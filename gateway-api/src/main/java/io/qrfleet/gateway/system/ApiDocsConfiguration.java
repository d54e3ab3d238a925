package io.qrfleet.gateway.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and summary of the API documentation at /api/docs (springdoc generates the rest). */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    OpenAPI qrFleetApi() {
        return new OpenAPI().info(new Info().title("QR Fleet API").version("v1").description(
                "Submit QR code jobs and batches, follow them and download the images. Every error is "
                        + "RFC 9457 problem+json; 503 and 429 come with Retry-After."));
    }
}
