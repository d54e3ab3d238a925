package io.qrfleet.gateway;

import io.qrfleet.common.test.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The gateway on a random port, against the real broker and S3 server, with {@link #http} talking
 * to it over the wire. A subclass sets its properties with {@code @TestPropertySource}: a
 * {@code @SpringBootTest} of its own would replace this one and drop the web environment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestServices.Initializer.class)
public abstract class AbstractGatewayIT {

    protected Http http;

    @BeforeEach
    void connect(@LocalServerPort int port) {
        http = Http.port(port);
    }
}
