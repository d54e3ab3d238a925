package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Verification;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The long poll against a real broker, S3 server and database; the test plays the worker: it
 * reports results on the real results queue, which the gateway applies and announces.
 */
@TestPropertySource(properties = "management.server.port=0")
class JobWaitIT extends AbstractGatewayIT {

    @Autowired
    JobRows rows;

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
        String done = rows.insert(JobRows.request("done already"), JobStatus.DONE);

        Timed<HttpResponse<String>> response = timed(() -> http.get("/api/v1/jobs/" + done + "?waitSeconds=20"));

        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(status(response.value())).isEqualTo("DONE");
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void completionEventEndsTheWaitWithTheFinishedRecord() throws Exception {
        String job = rows.insert(JobRows.request("finished while waiting"), JobStatus.QUEUED);

        CompletableFuture<Timed<HttpResponse<String>>> answer =
                CompletableFuture.supplyAsync(() -> timed(() -> http.get("/api/v1/jobs/" + job + "?waitSeconds=20")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
        rows.report(JobResult.processing(job, null));
        rows.report(JobResult.done(job, null, rows.imageKey(job), 10, Verification.GRID));

        Timed<HttpResponse<String>> response = answer.get();
        assertThat(response.value().statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.value().body());
        assertThat(body.get("status").stringValue()).isEqualTo("DONE");
        assertThat(body.get("imageUrl").stringValue()).isEqualTo("/api/v1/jobs/" + job + "/image");
        // far below the 20 s asked for: only the event can have ended the wait
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void withoutAnEventTheWaitRunsOutWithTheCurrentRecord() {
        String job = rows.insert(JobRows.request("never finishes"), JobStatus.QUEUED);

        Timed<HttpResponse<String>> response = timed(() -> http.get("/api/v1/jobs/" + job + "?waitSeconds=1"));

        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(status(response.value())).isEqualTo("QUEUED");
        assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void recordFinishedWithoutAnEventIsReadAgainWhenTheWaitRunsOut() {
        String job = rows.insert(JobRows.request("event lost"), JobStatus.QUEUED);

        CompletableFuture<Timed<HttpResponse<String>>> answer =
                CompletableFuture.supplyAsync(() -> timed(() -> http.get("/api/v1/jobs/" + job + "?waitSeconds=2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
        rows.finishQuietly(job);

        Timed<HttpResponse<String>> response = answer.join();
        assertThat(status(response.value())).isEqualTo("DONE");
        assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void unknownJobIsNotFoundAtOnce() {
        Timed<HttpResponse<String>> response =
                timed(() -> http.get("/api/v1/jobs/" + JobId.next() + "?waitSeconds=20"));

        assertThat(response.value().statusCode()).isEqualTo(404);
        assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "waitSeconds={0} -> {1}")
    @CsvSource({"-1, 422", "31, 422", "99999999999999999999, 422", "abc, 400", "1.5, 400", "2s, 400"})
    void badWaitIsAProblemNamingTheParameter(String value, int status) {
        String job = rows.insert(JobRows.request("bad wait"), JobStatus.QUEUED);

        HttpResponse<String> response = http.get("/api/v1/jobs/" + job + "?waitSeconds=" + value);

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

    private String status(HttpResponse<String> response) {
        return json.readTree(response.body()).get("status").stringValue();
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Timed<T>(T value, Duration elapsed) {}
}
