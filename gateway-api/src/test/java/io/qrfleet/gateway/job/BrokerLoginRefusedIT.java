package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import io.qrfleet.gateway.AbstractGatewayIT;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A broker that refuses the login: the completion-event listener keeps retrying, the gateway still starts. */
class BrokerLoginRefusedIT extends AbstractGatewayIT {

    @DynamicPropertySource
    static void brokerWithWrongPassword(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.addresses", () -> withWrongPassword(TestServices.rabbitUri()));
    }

    @Test
    void gatewayStartsAndHealthNamesTheBroker() {
        HttpResponse<String> response = http.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"broker\":{\"status\":\"DOWN\"}", "\"storage\":{\"status\":\"UP\"}");
    }

    private static String withWrongPassword(String uri) {
        URI broker = URI.create(uri);
        try {
            return new URI(
                            broker.getScheme(),
                            "guest:wrong-on-purpose",
                            broker.getHost(),
                            broker.getPort(),
                            broker.getPath(),
                            null,
                            null)
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
