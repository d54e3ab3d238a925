package io.qrfleet.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title, summary and API keys of the API documentation at /api/docs (springdoc generates the
 * operations; {@link ApiAnswers} adds what they answer).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    OpenAPI qrFleetApi() {
        return new OpenAPI()
                // relative: the description is served by the API it describes, and a Host header chosen
                // by a client (springdoc's default) must not end up in it
                .servers(List.of(new Server().url("/").description("this host")))
                .info(new Info()
                        .title("QR Fleet API")
                        .version("v1")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0"))
                        .description("Submit QR code jobs and batches, follow them and download the images, or ask for "
                                + "a code by URL. Every error is RFC 9457 problem+json; 503 and 429 come with Retry-After. "
                                + "When the deployment sets API keys (QR_API_KEYS), every request but a read (GET, HEAD) "
                                + "needs one, in any of the three forms below; a read may carry one (it then lists that "
                                + "key's jobs). Without keys, no request needs one."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("Authorization: Bearer <key>"))
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key"))
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("any user name, the key as password")))
                // a key is optional for reads, and for everything on a deployment without keys
                .addSecurityItem(new SecurityRequirement())
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
