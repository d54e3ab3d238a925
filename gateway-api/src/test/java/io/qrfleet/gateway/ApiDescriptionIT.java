package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API description as served is the one committed in gateway-api/openapi.json, which the
 * generated client is built from; it is also written to target/openapi.json for {@link ApiDrift}.
 * After a change to the API: {@code cp gateway-api/target/openapi.json gateway-api/openapi.json}.
 */
@TestPropertySource(properties = "management.server.port=0")
class ApiDescriptionIT extends AbstractGatewayIT {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void servedDescriptionIsTheCommittedOne() throws IOException {
        HttpResponse<String> response = http.get("/api/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);

        ObjectNode served = (ObjectNode) JSON.readTree(response.body());
        // the address this test happened to use, as the one compose publishes
        ((ObjectNode) served.withArray("servers").get(0)).put("url", "http://localhost");
        String written = JSON.writeValueAsString(served) + "\n";
        Files.writeString(Path.of("target", "openapi.json"), written);
        assertThat(written).as("gateway-api/openapi.json is out of date: copy target/openapi.json over it")
                .isEqualTo(Files.readString(Path.of("openapi.json")));
    }
}
