package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input through the proxy of the compose stack (infra/scripts/chaos.sh, before API keys are
 * on; the script checks that nothing was queued, stored or written): only 4xx problem+json, never
 * a restart. Needs {@code -Dqr.compose-project}.
 */
@Tag("bad-input")
class BadInputSystemTest {

    private static final String JOB = "5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11";
    private static final String POST = "POST /api/v1/jobs HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n";
    private static final String LONG = "f".repeat(5000);

    /** Request lines, versions, headers, framing and targets no client library would send. */
    private static final Map<String, byte[]> PROTOCOL = new LinkedHashMap<>();

    static {
        raw("request line is garbage", "GARBAGE\r\n\r\n");
        raw("HTTP/1.1 without Host", "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
        raw("two Host headers", "GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
        raw("HTTP/2.0 request line", "GET /api/health HTTP/2.0\r\nHost: q\r\n\r\n");
        raw("HTTP/9.9 request line", "GET /api/health HTTP/9.9\r\nHost: q\r\n\r\n");
        raw("TRACE", "TRACE /api/v1/jobs HTTP/1.1\r\nHost: q\r\nConnection: close\r\n\r\n");
        raw(
                "POST to a static page",
                "POST /index.html HTTP/1.1\r\nHost: q\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        raw(
                "Host with a port that is not a number",
                "GET /api/health HTTP/1.1\r\nHost: q:abc\r\nConnection: close\r\n\r\n");
        raw("Host with an underscore", "GET /api/health HTTP/1.1\r\nHost: a_b\r\nConnection: close\r\n\r\n");
        get("header line without colon", "/api/health", "Broken header\r\n");
        get("NUL in a header", "/api/health", "X-A: b\0c\r\n");
        get("header line of 70 KB", "/api/health", "X-Big: " + "a".repeat(70_000) + "\r\n");
        get("request line of 20 KB", "/api/v1/jobs/" + "f".repeat(20_000));
        raw("invalid chunked body", POST + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n");
        raw("Content-Length and chunked", POST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        raw("unknown transfer coding", POST + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}");
        raw("Content-Length not a number", POST + "Content-Length: abc\r\n\r\n{}");
        raw("negative Content-Length", POST + "Content-Length: -5\r\n\r\n{}");
        get("path above the root", "/../../etc/passwd");
        get("bad percent-encoding in path", "/api/v1/jobs/%zz");
        get("bytes that are not UTF-8 in path", "/api/v1/jobs/%ff%fe");
        get("encoded slash in id", "/api/v1/jobs/a%2fb");
        get("encoded backslash in id", "/api/v1/jobs/a%5cb");
        get("backslash in id", "/api/v1/jobs/a\\b");
        get("brackets in id", "/api/v1/jobs/a[b]");
        get("matrix parameter in id", "/api/v1/jobs/a;b=c/image");
        get("braces in query", "/api/v1/jobs/" + JOB + "?a={b}");
        get("pipe in query", "/api/v1/jobs/" + JOB + "?a=|");
        get("lone percent in query", "/api/v1/jobs/" + JOB + "?waitSeconds=%");
        get("waitSeconds not UTF-8", "/api/v1/jobs/" + JOB + "?waitSeconds=%ff");
        get("waitSeconds NUL", "/api/v1/jobs/" + JOB + "?waitSeconds=%00");
        get("partial not a boolean", "/api/v1/batches/" + JOB + "/archive?partial=maybe");
        get("CR LF in a batch id", "/api/v1/batches/x%0d%0aSet-Cookie:a");
    }

    private static void raw(String name, String request) {
        PROTOCOL.put(name, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void get(String name, String target, String... headers) {
        PROTOCOL.put(name, Raw.getRequest(target, headers));
    }

    @Test
    void aBodyOf100KbGets413ProblemFromTheProxy() {
        String big = "{\"content\":\"" + "a".repeat(100_000) + "\"}";
        Raw.Answer answer = Raw.post("POST", "/api/v1/jobs", "application/json", big.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.problem()).isTrue();
    }

    /** 1.3 million empty rows each: refused at the row limit while being read. */
    @Test
    void fourBatchesOf4MbAtOnceGet422EachAndTheGatewayNeitherRestartsNorNearsItsLimit() {
        String gateway = Containers.first("gateway");
        byte[] rows = ("{\"items\":[" + String.join(",", Collections.nCopies(1_300_000, "{}")) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Long> codes = ResilienceSystemTest.all(
                4,
                4,
                n -> Raw.post("POST", "/api/v1/batches", "application/json", rows)
                        .status());
        long peak = Long.parseLong(Containers.exec(gateway, "cat", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes")
                .strip());
        Stack.note("4 batches of 4 MB: " + codes + ", gateway peak " + peak / 1_048_576 + " MiB of 512");
        assertThat(codes).containsOnlyKeys("422");
        assertThat(peak).isLessThan(480L * 1_048_576);
        assertThat(Containers.inspect(gateway, "{{.RestartCount}}")).isEqualTo("0");
    }

    @Test
    void malformedHttpGetsOnly4xxProblems() {
        List<String> failures = new ArrayList<>();
        PROTOCOL.forEach((name, request) -> {
            try {
                Raw.Answer answer = Raw.send(request);
                if (!answer.clientError() || !answer.problem()) {
                    failures.add(name + ": " + answer);
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        });
        assertThat(failures)
                .as("of %d cases, those not 4xx problem+json", PROTOCOL.size())
                .isEmpty();
    }

    static Stream<Arguments> pathTricks() {
        return Stream.of(
                        "/api/v1/jobs/..%2F..%2Fetc",
                        "/api/v1/jobs/..%2F..%2Fetc%2Fpasswd/image",
                        "/api/v1/jobs/%00",
                        "/api/v1/jobs/%2e%2e",
                        "/api/v1/jobs/" + LONG,
                        "/api/v1/jobs/" + LONG.substring(0, 300) + "/image",
                        "/api/v1/jobs/00000000-0000-4000-8000-000000000000%00",
                        "/api/v1/jobs/%20",
                        "/api/v1/jobs/;jsessionid=x")
                .map(path -> Arguments.of(
                        path.length() <= 60 ? path : path.substring(0, 60) + "…(" + path.length() + ")", path));
    }

    @ParameterizedTest(name = "GET {0} is 4xx")
    @MethodSource("pathTricks")
    void aPathTrickInAnIdIs4xx(String shown, String path) {
        assertThat(Raw.get(path).clientError()).isTrue();
    }

    /** Not actuator's own answers either: "status":"UP", property sources, Prometheus text. */
    @ParameterizedTest(name = "GET {0} is not reachable")
    @ValueSource(
            strings = {
                "/actuator",
                "/actuator/health",
                "/actuator/prometheus",
                "/api/actuator",
                "/api/actuator/health",
                "/api/actuator/prometheus",
                "/api/actuator/env",
                "/api//actuator/health",
                "/api/%61ctuator/health",
                "/api/v1/../actuator/health",
                "/api/./actuator/env",
                "/api/v1/jobs/../../actuator/health"
            })
    void actuatorIsNotReachableThroughTheProxy(String path) {
        Raw.Answer answer = Raw.get(path);
        assertThat(answer.clientError()).as("%s", answer).isTrue();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .doesNotContain("\"status\":\"", "\"propertySources\"", "# HELP");
    }
}
