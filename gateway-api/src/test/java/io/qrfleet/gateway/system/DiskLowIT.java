package io.qrfleet.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Broker and storage are fine but the disk has less free space than required: health says so. */
@TestPropertySource(properties = "qr.gateway.disk-min-free=1000TB")
class DiskLowIT extends AbstractGatewayIT {

    @Test
    void healthIsDownNamingTheDisk() {
        HttpResponse<String> response = http.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains("\"broker\":{\"status\":\"UP\"}", "\"storage\":{\"status\":\"UP\"}")
                .containsPattern("\"disk\":\\{[^}]*\"status\":\"DOWN\"");
    }
}
