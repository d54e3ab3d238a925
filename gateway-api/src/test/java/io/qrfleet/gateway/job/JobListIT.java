package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.TestQueue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each key lists its own jobs, page by page; an Idempotency-Key makes a retried submit return the first job. */
@TestPropertySource(properties = "qr.api-keys=alpha-key,beta-key")
class JobListIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient db;

    @Test
    void aKeyListsItsOwnJobsNewestFirstPageByPage() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(
                    0,
                    id(http.postJson("/api/v1/jobs", "{\"content\":\"listed " + i + "\"}", "X-API-Key", "alpha-key")));
        }
        http.postJson("/api/v1/jobs", "{\"content\":\"someone else's\"}", "X-API-Key", "beta-key");

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page =
                    json.readTree(get("/api/v1/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), "alpha-key")
                            .body());
            page.get("items").forEach(item -> listed.add(item.get("id").stringValue()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").stringValue();
        } while (cursor != null);

        assertThat(listed).isEqualTo(submitted);
        assertThat(json.readTree(http.get("/api/v1/jobs").body()).get("items")).isEmpty();
        assertThat(get("/api/v1/jobs", "wrong-key").statusCode()).isEqualTo(401);
    }

    @Test
    void badPagingIsAProblemNamingTheParameter() {
        assertThat(get("/api/v1/jobs?limit=0", "alpha-key").statusCode()).isEqualTo(422);
        assertThat(get("/api/v1/jobs?limit=101", "alpha-key").statusCode()).isEqualTo(422);
        assertThat(get("/api/v1/jobs?limit=x", "alpha-key").body()).contains("limit");
        HttpResponse<String> cursor = get("/api/v1/jobs?cursor=bm90IGEgY3Vyc29y", "alpha-key");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor");
        // #23: a digit of another script (ARABIC-INDIC THREE) was read as 3
        assertThat(get("/api/v1/jobs?limit=%D9%A3", "alpha-key").statusCode()).isEqualTo(400);
    }

    /** #23: instants Instant.parse takes but OffsetDateTime or PostgreSQL do not were a 500. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "+300000-01-01T00:00:00Z",
                "-1000000000-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59Z",
                "1969-12-31T23:59:59Z"
            })
    void aForgedCursorIsABadRequest(String instant) {
        String cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((instant + " 5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = get("/api/v1/jobs?cursor=" + cursor, "alpha-key");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("cursor");
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstJobAndQueuesNothingMore() {
        String body = "{\"content\":\"once only\"}";
        HttpResponse<String> first =
                http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-1");
        HttpResponse<String> again =
                http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-1");
        HttpResponse<String> other = http.postJson(
                "/api/v1/jobs", "{\"content\":\"something else\"}", "X-API-Key", "alpha-key", "Idempotency-Key", "k-1");
        HttpResponse<String> otherKey =
                http.postJson("/api/v1/jobs", body, "X-API-Key", "beta-key", "Idempotency-Key", "k-1");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(id(again)).isEqualTo(id(first));
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("Idempotency-Key");
        assertThat(id(otherKey)).as("keys are per API key").isNotEqualTo(id(first));
        assertThat(queue.messageCount()).isEqualTo(2);
    }

    @Test
    void aRepeatForAJobWhoseGatewayDiedBeforeTheConfirmQueuesItAgainOnceTheConfirmTimeoutIsLongPast() {
        String body = "{\"content\":\"orphaned\"}";
        String id = id(http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-orphan"));
        // as a gateway leaves the row when it dies between the insert and the confirm
        db.sql("UPDATE jobs SET published_at = NULL WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();

        HttpResponse<String> early =
                http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-orphan");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Retry-After")).isPresent();
        assertThat(early.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(queue.messageCount()).isEqualTo(1);

        db.sql("UPDATE jobs SET created_at = created_at - interval '1 minute' WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();
        HttpResponse<String> late =
                http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-orphan");
        assertThat(late.statusCode()).isEqualTo(202);
        assertThat(id(late)).isEqualTo(id);
        assertThat(queue.messageCount()).as("queued again").isEqualTo(2);
        assertThat(db.sql("SELECT published_at IS NOT NULL FROM jobs WHERE id = :id")
                        .param("id", UUID.fromString(id))
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(http.postJson("/api/v1/jobs", body, "X-API-Key", "alpha-key", "Idempotency-Key", "k-orphan")
                        .statusCode())
                .isEqualTo(202);
        assertThat(queue.messageCount())
                .as("confirmed now: a repeat queues nothing")
                .isEqualTo(2);
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() {
        HttpResponse<String> response = http.postJson(
                "/api/v1/jobs", "{\"content\":\"x\"}", "X-API-Key", "alpha-key", "Idempotency-Key", "x".repeat(256));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Idempotency-Key");
        assertThat(queue.messageCount()).isZero();
    }

    private HttpResponse<String> get(String path, String key) {
        return http.get(path, "X-API-Key", key);
    }

    private String id(HttpResponse<String> response) {
        return json.readTree(response.body()).get("id").stringValue();
    }
}
