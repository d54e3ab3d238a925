package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.broker.CompletionPublisher;
import io.qrfleet.common.storage.JobStore;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.AbstractGatewayIT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The long poll against a real broker and S3 server; the test plays the worker: it saves the
 * record through the real store and announces it on the real events exchange.
 */
@TestPropertySource(properties = "management.server.port=0")
class JobWaitIT extends AbstractGatewayIT {

    @Autowired
    JobStore jobs;

    @Autowired
    CompletionPublisher completions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @AfterEach
    void nothingIsLeftWaiting() {
        assertThat(waiting()).isZero();
    }

    @Test
    void finishedJobIsAnsweredAtOnce() {
        JobRecord done = done(queued("done already"));
        jobs.save(done);

        Timed<HttpResponse<String>> response = timed(() -> http.get("/api/v1/jobs/" + done.id() + "?waitSeconds=20"));

        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(status(response.value())).isEqualTo("DONE");
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void completionEventEndsTheWaitWithTheFinishedRecord() throws Exception {
        JobRecord job = queued("finished while waiting");
        jobs.save(job);

        CompletableFuture<Timed<HttpResponse<String>>> answer = CompletableFuture.supplyAsync(
                () -> timed(() -> http.get("/api/v1/jobs/" + job.id() + "?waitSeconds=20")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
        Thread.sleep(300);
        JobRecord done = done(job);
        jobs.save(done);
        completions.publish(done);

        Timed<HttpResponse<String>> response = answer.get();
        assertThat(response.value().statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.value().body());
        assertThat(body.get("status").stringValue()).isEqualTo("DONE");
        assertThat(body.get("imageUrl").stringValue()).isEqualTo("/api/v1/jobs/" + job.id() + "/image");
        // far below the 20 s asked for: only the event can have ended the wait
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void withoutAnEventTheWaitRunsOutWithTheCurrentRecord() {
        JobRecord job = queued("never finishes");
        jobs.save(job);

        Timed<HttpResponse<String>> response = timed(() -> http.get("/api/v1/jobs/" + job.id() + "?waitSeconds=1"));

        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(status(response.value())).isEqualTo("QUEUED");
        assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void recordFinishedWithoutAnEventIsReadAgainWhenTheWaitRunsOut() {
        JobRecord job = queued("event lost");
        jobs.save(job);

        CompletableFuture<Timed<HttpResponse<String>>> answer = CompletableFuture.supplyAsync(
                () -> timed(() -> http.get("/api/v1/jobs/" + job.id() + "?waitSeconds=2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
        jobs.save(done(job));

        Timed<HttpResponse<String>> response = answer.join();
        assertThat(status(response.value())).isEqualTo("DONE");
        assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void unknownJobIsNotFoundAtOnce() {
        Timed<HttpResponse<String>> response = timed(() -> http.get("/api/v1/jobs/" + JobId.next() + "?waitSeconds=20"));

        assertThat(response.value().statusCode()).isEqualTo(404);
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "waitSeconds={0} -> {1}")
    @CsvSource({"-1, 422", "31, 422", "99999999999999999999, 422", "abc, 400", "1.5, 400", "2s, 400"})
    void badWaitIsAProblemNamingTheParameter(String value, int status) {
        JobRecord job = queued("bad wait");
        jobs.save(job);

        HttpResponse<String> response = http.get("/api/v1/jobs/" + job.id() + "?waitSeconds=" + value);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("waitSeconds");
        assertThat(problem.get("detail").stringValue()).contains("waitSeconds");
    }

    @Test
    void parameterIsDocumented() {
        assertThat(http.get("/api/openapi.json").body()).contains("\"waitSeconds\"", "\"maximum\":30");
    }

    private double waiting() {
        return meters.get("qr.jobs.waiting").gauge().value();
    }

    private static JobRecord queued(String content) {
        return JobRecord.queued(JobId.next(), new JobRequest(content, null, null, null, null, null, null).toRenderRequest(),
                Instant.now());
    }

    private static JobRecord done(JobRecord job) {
        return job.processing(Instant.now()).done(Instant.now(), StorageKeys.image(job.request()), true);
    }

    private String status(HttpResponse<String> response) {
        return json.readTree(response.body()).get("status").stringValue();
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Timed<T>(T value, Duration elapsed) {
    }
}
