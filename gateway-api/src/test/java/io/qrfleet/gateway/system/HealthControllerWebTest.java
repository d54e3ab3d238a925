package io.qrfleet.gateway.system;

import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.gateway.GatewayProperties;
import io.qrfleet.gateway.auth.ApiKeyProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.Mockito;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What /api/health makes of each dependency's answer; the answers themselves (a real database,
 * broker and bucket going away) are the stack's resilience test.
 */
@WebMvcTest(HealthController.class)
@EnableConfigurationProperties({ApiKeyProperties.class, GatewayProperties.class})
@TestPropertySource(properties = "qr.gateway.disk-min-free=1KB")
class HealthControllerWebTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean(answers = Answers.RETURNS_DEEP_STUBS)
    JdbcClient database;

    @MockitoBean
    ConnectionFactory broker;

    @MockitoBean
    ObjectStore storage;

    @BeforeEach
    void everythingUp() {
        given(database.sql("SELECT 1").query(Integer.class).single()).willReturn(1);
        Connection connection = Mockito.mock(Connection.class);
        given(connection.isOpen()).willReturn(true);
        given(broker.createConnection()).willReturn(connection);
    }

    @Test
    void everythingUpIs200() throws Exception {
        mvc.perform(get("/api/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.disk.threshold").value(1024));
    }

    @Test
    void aBrokerThatCannotBeReachedIs503NamingIt() throws Exception {
        given(broker.createConnection()).willThrow(new AmqpConnectException(new java.net.ConnectException("refused")));

        mvc.perform(get("/api/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.broker.status").value("DOWN"))
                .andExpect(jsonPath("$.components.database.status").value("UP"))
                .andExpect(jsonPath("$.components.storage.status").value("UP"));
    }

    @Test
    void aDatabaseOrBucketThatFailsIs503NamingIt() throws Exception {
        given(database.sql("SELECT 1").query(Integer.class).single())
                .willThrow(new DataAccessResourceFailureException("gone"));
        willThrow(new IllegalStateException("no bucket")).given(storage).createBucketIfMissing();

        mvc.perform(get("/api/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.database.status").value("DOWN"))
                .andExpect(jsonPath("$.components.storage.status").value("DOWN"))
                .andExpect(jsonPath("$.components.broker.status").value("UP"));
    }

    @Nested
    @TestPropertySource(properties = "qr.gateway.disk-min-free=1000TB")
    class DiskLow {

        @Test
        void lessFreeDiskThanRequiredIs503NamingTheDisk() throws Exception {
            mvc.perform(get("/api/health"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.components.disk.status").value("DOWN"))
                    .andExpect(jsonPath("$.components.broker.status").value("UP"))
                    .andExpect(jsonPath("$.components.storage.status").value("UP"));
        }
    }
}
