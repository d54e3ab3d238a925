package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
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

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void servedDescriptionIsTheCommittedOne() throws IOException {
        HttpResponse<String> response = http.get("/api/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);

        ObjectNode served = (ObjectNode) JSON.readTree(response.body());
        String written = JSON.writeValueAsString(served) + "\n";
        Files.writeString(Path.of("target", "openapi.json"), written);
        assertThat(written)
                .as("gateway-api/openapi.json is out of date: copy target/openapi.json over it")
                .isEqualTo(Files.readString(Path.of("openapi.json")));
    }

    /** #23: springdoc named whatever Host the client sent as the API's server. */
    @Test
    void theServerIsThisHostWhateverHostIsSent(@LocalServerPort int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(
                            ("GET /api/openapi.json HTTP/1.0\r\nHost: evil.example\r\n\r\n") // 1.0: never chunked
                                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 200")
                    .doesNotContain("evil.example")
                    .contains("\"url\":\"/\"");
        }
    }
}
