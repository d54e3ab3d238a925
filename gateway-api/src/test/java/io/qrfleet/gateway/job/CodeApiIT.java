package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import io.qrfleet.gateway.TestQueue;
import io.qrfleet.gateway.TestWorker;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Codes by URL against a real broker, S3 server and database; the test plays the worker: it takes
 * the job message off the real interactive queue, renders and stores the image, and reports DONE.
 */
@TestPropertySource(properties = {"management.server.port=0", "qr.code.render-wait=3s", "qr.code.client-share=2"})
class CodeApiIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    ObjectStore objects;

    @Autowired
    JobRows rows;

    @Autowired
    JsonMapper json;

    @Autowired
    CompletionWaiter completions;

    @BeforeEach
    void setUp() {
        objects.ensureBucket();
        rows.failUnfinished(); // the jobs earlier tests left queued would count against this client's share
    }

    @Test
    void newCodeIsRenderedWhileTheRequestWaitsThenServedFromStorage() throws Exception {
        String data = "https://example.com/by-url?id=" + JobId.next();
        String url = "/api/v1/qr?data=" + encode(data) + "&size=256&fg=1A2B3C&bg=%23ffffff";

        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> http.getBytes(url));
        RenderRequest request = work().request();
        HttpResponse<byte[]> response = first.join();

        assertThat(request.content()).isEqualTo(data);
        assertThat(request.size()).isEqualTo(256);
        assertThat(request.foreground()).isEqualTo("#1A2B3C");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.body()).isEqualTo(QrRenderer.render(request).bytes());
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + request.contentKey() + "\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");

        HttpResponse<byte[]> again = http.getBytes(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(response.body());
        assertThat(queue.messageCount()).isZero();
    }

    @ParameterizedTest(name = "If-None-Match: {0}")
    @CsvSource(
            delimiter = '|',
            value = {"\"KEY\"", "W/\"KEY\"", "\"other\", \"KEY\""})
    void currentCopyIsNotModifiedWithoutRenderingOrReadingStorage(String ifNoneMatch) {
        String data = "not modified " + JobId.next();
        String key = new io.qrfleet.contract.JobRequest(data, null, null, null, null, null, null)
                .toRenderRequest()
                .contentKey();

        HttpResponse<String> response =
                http.get("/api/v1/qr?data=" + encode(data), "If-None-Match", ifNoneMatch.replace("KEY", key));

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().allValues("ETag")).containsExactly("\"" + key + "\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void anotherEtagGetsTheImage() {
        RenderRequest request = stored("other etag " + JobId.next());

        HttpResponse<byte[]> response =
                http.getBytes("/api/v1/qr?data=" + encode(request.content()), "If-None-Match", "\"abc\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
    }

    @Test
    void storedSvgIsServedAsSvgAndRevalidatedOnTheGoQrPathToo() {
        String data = "stored svg " + JobId.next();
        RenderRequest request =
                new io.qrfleet.contract.JobRequest(data, "svg", 200, 0, "L", null, null).toRenderRequest();
        store(request);

        HttpResponse<String> svg = http.get("/api/v1/qr?data=" + encode(data) + "&format=svg&size=200&margin=0&ecc=L");
        HttpResponse<String> revalidated = http.get(
                "/v1/create-qr-code?data=" + encode(data) + "&format=svg",
                "If-None-Match",
                "\"" + request.contentKey() + "\"");

        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(svg.body()).startsWith("<?xml");
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(queue.messageCount()).isZero();
    }

    /**
     * #23: behind a byte-order mark (which scanners drop) a Wi-Fi code was public for a year, and
     * any client learned in one request whether another had rendered it.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "WIFI:T:WPA;S:home;P:secret ",
                "\uFEFFWIFI:T:WPA;S:home;P:secret ",
                "otpauth://totp/me?secret=JBSWY3DPEHPK3PXP&n=",
                "\uFEFFotpauth://totp/me?secret=JBSWY3DPEHPK3PXP&n="
            })
    void codeWithASecretIsKeptPerClientAndByNoSharedCache(String secret) {
        String url = "/api/v1/qr?data=" + encode(secret + JobId.next());

        CompletableFuture<HttpResponse<byte[]>> first =
                CompletableFuture.supplyAsync(() -> http.getBytes(url, "X-Real-IP", "192.0.2.1"));
        String firstKey = work().imageKey();
        CompletableFuture<HttpResponse<byte[]>> other =
                CompletableFuture.supplyAsync(() -> http.getBytes(url, "X-Real-IP", "192.0.2.2"));
        String otherKey = work().imageKey(); // not served from the first client's copy: rendered for this one
        HttpResponse<byte[]> again = http.getBytes(url, "X-Real-IP", "192.0.2.1");

        assertThat(otherKey).isNotEqualTo(firstKey);
        for (HttpResponse<byte[]> response : List.of(first.join(), other.join(), again)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, private, immutable");
        }
        assertThat(first.join().headers().firstValue("ETag"))
                .isNotEqualTo(other.join().headers().firstValue("ETag"))
                .isEqualTo(again.headers().firstValue("ETag"));
        assertThat(queue.messageCount()).isZero();
    }

    /** #23: "*" answered 304 for codes never rendered, and only the first If-None-Match line was read. */
    @Test
    void ifNoneMatchStarMatchesOnlyAStoredImageAndEveryLineCounts() {
        String data = "star " + JobId.next();
        String url = "/api/v1/qr?data=" + encode(data);

        CompletableFuture<HttpResponse<byte[]>> first =
                CompletableFuture.supplyAsync(() -> http.getBytes(url, "If-None-Match", "*"));
        RenderRequest request = work().request();
        String etag = "\"" + request.contentKey() + "\"";

        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(http.get(url, "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(http.get(url, "If-None-Match", "\"other\"", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
    }

    @Test
    void manyRequestsForOneNewCodeQueueItOnce() {
        String url = "/api/v1/qr?data=" + encode("once " + JobId.next());

        List<CompletableFuture<HttpResponse<byte[]>>> answers = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.getBytes(url)))
                .toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 5); // all joined the one job
        work();

        answers.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
        assertThat(queue.messageCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/qr", "/v1/create-qr-code/"})
    void codeNotRenderedInTimeIs503WithRetryAfterAndStaysQueuedForTheRetry(String path) {
        String url = path + "?data=" + encode("slow " + JobId.next());

        HttpResponse<String> response = http.get(url);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store, private");
        assertThat(queue.messageCount()).isEqualTo(1);

        CompletableFuture<HttpResponse<byte[]>> retry = CompletableFuture.supplyAsync(() -> http.getBytes(url));
        work();
        assertThat(retry.join().statusCode()).isEqualTo(200);
        assertThat(queue.messageCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/qr", "/v1/create-qr-code/"})
    void codeThatFailedIsAProblemWithTheReason(String path) {
        CompletableFuture<HttpResponse<String>> answer =
                CompletableFuture.supplyAsync(() -> http.get(path + "?data=" + encode("fails " + JobId.next())));
        JobMessage message = take();
        rows.report(JobResult.failed(message.jobId(), null, "verification failed"));

        HttpResponse<String> response = answer.join();
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("verification failed");
    }

    @Test
    void oneClientCannotQueueMoreThanItsShare() {
        String client = "198.51.100." + (int) (Math.random() * 250);
        for (int i = 0; i < 2; i++) {
            assertThat(http.get("/api/v1/qr?data=" + encode("share " + JobId.next()), "X-Real-IP", client)
                            .statusCode())
                    .isEqualTo(503);
        }

        HttpResponse<String> refused =
                http.get("/api/v1/qr?data=" + encode("share " + JobId.next()), "X-Real-IP", client);
        HttpResponse<String> refusedGoQr =
                http.get("/v1/create-qr-code/?data=" + encode("share " + JobId.next()), "X-Real-IP", client);
        HttpResponse<String> other =
                http.get("/api/v1/qr?data=" + encode("share " + JobId.next()), "X-Real-IP", "203.0.113.9");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refusedGoQr.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(other.statusCode()).isEqualTo(503);
        assertThat(queue.messageCount()).isEqualTo(3);
    }

    @Test
    void simultaneousMissesOfOneClientQueueNoMoreThanItsShare() {
        String client = "192.0.2." + (int) (Math.random() * 250);

        List<Integer> statuses;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            statuses = java.util.stream.IntStream.range(0, 40)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> http.get("/api/v1/qr?data=" + encode("rush " + JobId.next()), "X-Real-IP", client),
                            threads))
                    .toList()
                    .stream()
                    .map(answer -> answer.join().statusCode())
                    .toList();
        }

        assertThat(statuses).filteredOn(status -> status == 503).hasSize(2);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(38);
        assertThat(queue.messageCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/qr?size=256                                  | 422 | data",
                "/api/v1/qr?data=                                     | 422 | data",
                "/api/v1/qr?data=a&nope=1                             | 400 | nope",
                "/api/v1/qr?data=a&data=b                             | 400 | data",
                "/api/v1/qr?data=a&size=abc                           | 400 | size",
                "/api/v1/qr?data=a&size=1e3                           | 400 | size",
                "/api/v1/qr?data=a&size=63                            | 422 | size",
                "/api/v1/qr?data=a&size=99999999999999999999          | 422 | size",
                "/api/v1/qr?data=a&margin=17                          | 422 | margin",
                "/api/v1/qr?data=a&ecc=X                              | 422 | ecc",
                "/api/v1/qr?data=a&format=gif                         | 422 | format",
                "/api/v1/qr?data=a&fg=red                             | 422 | fg",
                "/api/v1/qr?data=a&bg=%23fff                          | 422 | bg",
                "/api/v1/qr?data=a&fg=bbbbbb&bg=777777                | 422 | fg",
                "/api/v1/qr?content=a                                 | 400 | content",
                "/v1/create-qr-code/?data=a&size=200x100              | 400 | size",
                "/v1/create-qr-code/?data=a&size=200                  | 400 | size",
                "/v1/create-qr-code/?data=a&size=10x10                | 422 | size",
                "/v1/create-qr-code/?data=a&format=gif                | 422 | format",
                "/v1/create-qr-code/?data=a&format=jpeg               | 422 | format",
                "/v1/create-qr-code/?data=a&format=eps                | 422 | format",
                "/v1/create-qr-code/?data=a&charset-source=ISO-8859-1 | 422 | charset-source",
                "/v1/create-qr-code/?data=a&charset-target=ISO-8859-1 | 422 | charset-target",
                "/v1/create-qr-code/?data=a&color=300-0-0             | 422 | color",
                "/v1/create-qr-code/?data=a&bgcolor=%23ffffff         | 422 | bgcolor",
                "/v1/create-qr-code/?data=a&color=bbb&bgcolor=777     | 422 | color",
                "/v1/create-qr-code/?data=a&color=8a8a8a&bgcolor=ff0  | 422 | color",
                "/api/v1/qr?data=a&fg=8A8A8A&bg=FFFF00                | 422 | fg",
                "/api/v1/qr?data=a&fg=808080&bg=00FFFF                | 422 | fg",
                "/api/v1/qr?data=%00                                  | 422 | data",
                "/v1/create-qr-code/?data=a%00b                       | 422 | data",
                "/v1/create-qr-code/?data=a&margin=51                 | 422 | margin",
                "/v1/create-qr-code/?data=a&qzone=17                  | 422 | qzone",
                "/v1/create-qr-code/?data=a&ecc=X                     | 422 | ecc",
                "/v1/create-qr-code/?data=a&callback=x                | 400 | callback",
                "/v1/create-qr-code/?data=a&size=64x64&margin=50      | 422 | margin",
                "/v1/create-qr-code/?size=200x200                     | 422 | data"
            })
    void badParameterIsAProblemNamingItAndQueuesNothing(String target, int status, String parameter) {
        HttpResponse<String> response = http.get(target);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store, private");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo(parameter);
        assertThat(problem.get("detail").stringValue()).startsWith(parameter + " ");
        assertThat(queue.messageCount()).isZero();
    }

    @Test
    void goQrUrlMapsOntoTheSameRequest() {
        String data = "goQR " + JobId.next();
        CompletableFuture<HttpResponse<byte[]>> answer =
                CompletableFuture.supplyAsync(() -> http.getBytes("/v1/create-qr-code/?data=" + encode(data)
                        + "&size=200x200&color=255-0-0&bgcolor=fff&qzone=2&format=svg"));
        RenderRequest request = work().request();

        assertThat(request)
                .isEqualTo(new io.qrfleet.contract.JobRequest(data, "svg", 200, 2, "L", "#FF0000", "#FFFFFF")
                        .toRenderRequest());
        HttpResponse<byte[]> response = answer.join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }

    @ParameterizedTest(name = "{0} -> margin {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'' | 0",
                "&margin=0 | 0",
                "&margin=10 | 1",
                "&margin=50 | 6",
                "&margin=10&qzone=1 | 2",
                "&margin=10&format=svg | 0",
                "&size=0200x200&margin=10 | 1"
            })
    void goQrPixelMarginBecomesTheNearestWholeModules(String extra, int margin) {
        // 21 modules at 200 px: 9 px a module; 50 px is 5.6 modules
        String path = "/v1/create-qr-code?data=" + encode("m" + JobId.next().substring(0, 8)) + extra;
        CompletableFuture<HttpResponse<byte[]>> answer = CompletableFuture.supplyAsync(() -> http.getBytes(path));

        assertThat(work().request().margin()).isEqualTo(margin);
        assertThat(answer.join().statusCode()).isEqualTo(200);
    }

    @Test
    void bothEndpointsAreDocumented() {
        JsonNode paths = json.readTree(http.get("/api/openapi.json").body()).get("paths");
        for (String path : List.of("/api/v1/qr", "/v1/create-qr-code")) {
            JsonNode responses = paths.get(path).get("get").get("responses");
            assertThat(responses.propertyNames())
                    .containsExactlyInAnyOrder("200", "304", "400", "401", "422", "429", "500", "503");
            assertThat(responses.get("200").get("content").propertyNames())
                    .containsExactly("image/png", "image/svg+xml");
            assertThat(responses.get("429").get("content").propertyNames()).containsExactly("application/problem+json");
        }
        assertThat(paths.get("/v1/create-qr-code").toString())
                .contains("\"bgcolor\"", "\"qzone\"", "\"charset-source\"");
    }

    private RenderRequest stored(String content) {
        return store(new io.qrfleet.contract.JobRequest(content, null, null, null, null, null, null).toRenderRequest());
    }

    private RenderRequest store(RenderRequest request) {
        try {
            objects.put(
                    StorageKeys.image(request),
                    QrRenderer.render(request).bytes(),
                    request.format().mediaType());
        } catch (com.google.zxing.WriterException e) {
            throw new IllegalStateException(e);
        }
        return request;
    }

    private JobMessage work() {
        return new TestWorker(queue, objects, rows, json).work();
    }

    private JobMessage take() {
        return new TestWorker(queue, objects, rows, json).take();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
