package io.qrfleet.gateway.system;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.gateway.GatewayProperties;
import io.swagger.v3.oas.annotations.Operation;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public aggregate health for load balancers and people: the database, the broker, the bucket and
 * the local disk, each checked live. Details that help an attacker (hosts, versions) stay on the management port.
 */
@RestController
class HealthController {

    private final JdbcClient database;
    private final ConnectionFactory broker;
    private final ObjectStore storage;
    private final GatewayProperties properties;

    HealthController(JdbcClient database, ConnectionFactory broker, ObjectStore storage, GatewayProperties properties) {
        this.database = database;
        this.broker = broker;
        this.storage = storage;
        this.properties = properties;
    }

    @Operation(summary = "Aggregate health: 200 UP or 503 DOWN")
    @GetMapping("/api/health")
    ResponseEntity<Map<String, Object>> health() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("database", Map.of("status", status(databaseUp())));
        components.put("broker", Map.of("status", status(brokerUp())));
        components.put("storage", Map.of("status", status(storageUp())));
        long free = new File(properties.diskPath()).getUsableSpace();
        boolean diskUp = free >= properties.diskMinFree().toBytes();
        components.put(
                "disk",
                Map.of(
                        "status",
                        status(diskUp),
                        "free",
                        free,
                        "threshold",
                        properties.diskMinFree().toBytes()));
        boolean up = components.values().stream().allMatch(c -> "UP".equals(((Map<?, ?>) c).get("status")));
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", status(up), "components", components));
    }

    private boolean databaseUp() {
        try {
            return database.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean brokerUp() {
        try (Connection connection = broker.createConnection()) {
            return connection.isOpen();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean storageUp() {
        try {
            storage.createBucketIfMissing();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
