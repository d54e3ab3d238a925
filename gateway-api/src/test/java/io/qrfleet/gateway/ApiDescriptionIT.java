package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Writes the API description as served to target/openapi.json, for {@link ApiDrift} and the linter. */
@TestPropertySource(properties = "management.server.port=0")
class ApiDescriptionIT extends AbstractGatewayIT {

    @Test
    void descriptionIsServedAndWritten() throws IOException {
        HttpResponse<String> response = http.get("/api/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\":\"3.1.0\"", "\"/api/v1/jobs\"");
        Files.writeString(Path.of("target", "openapi.json"), response.body());
    }
}
