package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.Http;
import io.qrfleet.gateway.JobRows;
import io.qrfleet.gateway.TestQueue;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's HTTP contract against a real broker and a real S3 server. */
// a queue of its own (the context's broker prefix), bounded low so filling it takes 30 messages, not 10,010
@TestPropertySource(properties = {"management.server.port=0", "qr.broker.interactive-max-length=20"})
class JobApiIT extends AbstractGatewayIT {

    @LocalManagementPort
    int managementPort;

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    ObjectStore objects;

    @Autowired
    JobRows rows;

    @Autowired
    JsonMapper json;

    @Autowired
    BrokerProperties broker;

    @BeforeEach
    void setUp() {
        objects.ensureBucket();
    }

    @Test
    void acceptedJobIsStoredAsQueuedAndPublishedPersistently() {
        HttpResponse<String> response = http.postJson(
                "/api/v1/jobs",
                "{\"content\":\"https://example.com/a\",\"format\":\"svg\",\"size\":300,\"errorCorrection\":\"H\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        String id = body.get("id").stringValue();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(body.get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(rows.status(id)).hasValue(JobStatus.QUEUED);

        Message message = queue.receive();
        assertThat(message).isNotNull();
        assertThat(message.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        JobMessage job = json.readValue(message.getBody(), JobMessage.class);
        assertThat(job.jobId()).isEqualTo(id);
        assertThat(job.request().size()).isEqualTo(300);
        assertThat(job.request().foreground()).isEqualTo("#000000");
    }

    @Test
    void jobCanBeReadBack() {
        String id = json.readTree(http.postJson("/api/v1/jobs", "{\"content\":\"read me\"}")
                        .body())
                .get("id")
                .stringValue();

        HttpResponse<String> response = http.get("/api/v1/jobs/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("request").get("content").stringValue()).isEqualTo("read me");
        assertThat(body.get("request").get("format").stringValue()).isEqualTo("png");
        assertThat(body.get("imageUrl").isNull()).isTrue();
        // the content may be a secret: never kept by a shared cache, nor stored at all
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store, private");
    }

    static Stream<JsonNode> malformedRequests() throws IOException {
        try (InputStream in = JobApiIT.class.getResourceAsStream("/malformed-requests.jsonl")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonMapper mapper = JsonMapper.builder().build();
            return text.lines().map(mapper::readTree).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestGetsProblemJsonAndNothingIsQueuedOrStored(JsonNode request) {
        byte[] body = request.has("bodyBase64")
                ? Base64.getDecoder().decode(request.get("bodyBase64").stringValue())
                : request.get("body").stringValue().getBytes(StandardCharsets.UTF_8);
        List<String> recordsBefore = records();

        HttpResponse<String> response =
                http.post("/api/v1/jobs", request.get("contentType").stringValue(), body);

        assertThat(response.statusCode())
                .as(request.get("name").stringValue())
                .isEqualTo(request.get("status").intValue());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").intValue()).isEqualTo(response.statusCode());
        assertThat(problem.get("detail").stringValue()).isNotBlank();
        if (!request.get("field").isNull()) {
            String field = request.get("field").stringValue();
            assertThat(problem.get("errors")
                            .valueStream()
                            .map(e -> e.get("field").stringValue()))
                    .contains(field);
            assertThat(problem.get("detail").stringValue()).contains(field);
        }
        assertThat(queue.messageCount()).isZero();
        assertThat(records()).isEqualTo(recordsBefore);
    }

    @Test
    void typedContentIsBuiltIntoTheContentString() {
        HttpResponse<String> response = http.postJson(
                "/api/v1/jobs", "{\"type\":\"wifi\",\"data\":{\"ssid\":\"My;Net\",\"password\":\"p:w\"},\"size\":256}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("request").get("content").stringValue())
                .isEqualTo("WIFI:T:WPA;S:My\\;Net;P:p\\:w;;");
    }

    @Test
    void unknownTypedFieldIsNamed() {
        HttpResponse<String> response =
                http.postJson("/api/v1/jobs", "{\"type\":\"geo\",\"data\":{\"lat\":1,\"lon\":2,\"alt\":3}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("data.alt");
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        assertThat(http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/not-a-uuid").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/5F0C7D2E-3B7A-4C1E-9A57-0D6C1F9E2B11").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/..%2F..%2Fjobs").statusCode()).isIn(400, 404);
        assertThat(http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11/image")
                        .statusCode())
                .isEqualTo(404);
    }

    /** #23: the container joined the two lines into "a,b", a key of its own, and a second job was queued. */
    @Test
    void twoIdempotencyKeyLinesAreABadRequestAndQueueNothing() {
        HttpResponse<String> response = http.postJson(
                "/api/v1/jobs", "{\"content\":\"twice\"}", "Idempotency-Key", "a", "Idempotency-Key", "b");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("Idempotency-Key");
        assertThat(queue.messageCount()).isZero();
    }

    /** #23: a digit of another script (ARABIC-INDIC THREE) was read as 3. */
    @Test
    void waitSecondsTakesAsciiDigitsOnly() {
        HttpResponse<String> response =
                http.get("/api/v1/jobs/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11?waitSeconds=%D9%A3");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("waitSeconds");
    }

    /** #23: it answered 409 "not ready" for ever, and a poller waited for ever. */
    @Test
    void imageOfFailedJobIsNotFoundWithItsReason() {
        RenderRequest request = new JobRequest("will fail", null, null, null, null, null, null).toRenderRequest();
        String id = rows.insert(request, JobStatus.QUEUED);
        rows.report(io.qrfleet.contract.JobResult.failed(id, null, "the rendered code did not decode"));
        assertThat(http.get("/api/v1/jobs/" + id + "?waitSeconds=10").body()).contains("\"FAILED\"");

        HttpResponse<String> response = http.get("/api/v1/jobs/" + id + "/image");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("FAILED", "the rendered code did not decode");
    }

    @Test
    void imageOfUnfinishedJobIsConflict() {
        String id = json.readTree(
                        http.postJson("/api/v1/jobs", "{\"content\":\"later\"}").body())
                .get("id")
                .stringValue();

        HttpResponse<String> response = http.get("/api/v1/jobs/" + id + "/image");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource({"svg, image/svg+xml", "png, image/png"})
    void finishedImageIsStreamedWithEtagAndLongCache(String format, String mediaType) throws Exception {
        // play the worker's part: store a rendered image and a DONE row
        RenderRequest request = new JobRequest("cached " + format, format, 128, 2, "L", null, null).toRenderRequest();
        byte[] image = QrRenderer.render(request).bytes();
        objects.put(StorageKeys.image(request), image, mediaType);
        JobView queued =
                new JobView(rows.insert(request, JobStatus.DONE), null, null, null, request, null, true, null, null);

        HttpResponse<byte[]> response = http.getBytes("/api/v1/jobs/" + queued.id() + "/image");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(image);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(mediaType);
        String etag = "\"" + queued.request().contentKey() + "\"";
        assertThat(response.headers().firstValue("ETag")).hasValue(etag);
        assertThat(response.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=31536000", "immutable", "private")
                .doesNotContain("public");
        JsonNode view = json.readTree(http.get("/api/v1/jobs/" + queued.id()).body());
        assertThat(view.get("imageUrl").stringValue()).isEqualTo("/api/v1/jobs/" + queued.id() + "/image");
        assertThat(view.get("verified").booleanValue()).isTrue();
        assertThat(view.get("verification").stringValue()).isEqualTo("GRID");

        assertThat(http.getBytes("/api/v1/jobs/" + queued.id() + "/image", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
    }

    @Test
    void unroutablePublishIsRefusedAndLeavesNothingQueued() {
        List<String> before = records();

        HttpResponse<String> response = queue.unbound(() -> http.postJson("/api/v1/jobs", "{\"content\":\"nowhere\"}"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(records()).isEqualTo(before);
    }

    @Test
    void fullQueueRefusesWithRetryAfterAndLeavesNothingQueued() {
        int capacity = broker.interactiveMaxLength();
        // a quorum queue enforces its limit once it is exceeded, so overshoot it a little
        for (int i = 0; i < capacity + 10; i++) {
            rabbit.convertAndSend(broker.topology().exchange(), Topology.INTERACTIVE_ROUTING_KEY, "filler");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.messageCount() >= capacity);
        List<String> before = records();
        try {
            HttpResponse<String> response = http.postJson("/api/v1/jobs", "{\"content\":\"one too many\"}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json.readTree(response.body()).get("detail").stringValue())
                    .contains("full");
            assertThat(records()).isEqualTo(before);
        } finally {
            queue.purge();
        }
    }

    @Test
    void healthIsUpWhenBrokerBucketAndDiskAre() {
        HttpResponse<String> response = http.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").stringValue()).isEqualTo("UP");
        assertThat(body.get("components").get("broker").get("status").stringValue())
                .isEqualTo("UP");
        assertThat(body.get("components").get("storage").get("status").stringValue())
                .isEqualTo("UP");
        assertThat(body.get("components").get("disk").get("status").stringValue())
                .isEqualTo("UP");
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        assertThat(http.get("/api/openapi.json").body()).contains("/api/v1/jobs", "\"title\":\"QR Fleet API\"");
        assertThat(http.get("/api/docs").statusCode()).isIn(200, 302);
        assertThat(http.get("/api/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreOnTheManagementPortOnly() {
        http.postJson("/api/v1/jobs", "{\"content\":\"counted\"}");
        http.postJson("/api/v1/jobs", "{\"content\":\"\"}");

        String metrics = Http.port(managementPort).get("/actuator/prometheus").body();

        assertThat(metrics)
                .contains(
                        "qr_jobs_accepted_total",
                        "qr_jobs_rejected_total",
                        "reason=\"invalid\"",
                        "qr_publish_confirm_seconds");
        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    /** Jobs that are or may still become DONE: a refused one is FAILED, never left QUEUED. */
    private List<String> records() {
        return rows.ids().stream()
                .filter(id -> rows.status(id).orElseThrow() != JobStatus.FAILED)
                .toList();
    }
}
