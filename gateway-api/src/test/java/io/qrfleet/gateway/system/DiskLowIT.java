package io.qrfleet.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import io.qrfleet.gateway.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Broker and storage are fine but the disk has less free space than required: health says so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "qr.gateway.disk-min-free=1000TB")
class DiskLowIT {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void healthIsDownNamingTheDisk() {
        HttpResponse<String> response = Http.port(port).get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"broker\":{\"status\":\"UP\"}", "\"storage\":{\"status\":\"UP\"}")
                .containsPattern("\"disk\":\\{[^}]*\"status\":\"DOWN\"");
    }
}
