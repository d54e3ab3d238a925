package io.qrfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.render.QrRenderer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load mode against a fake gateway on loopback that renders with the real renderer. */
class LoadBenchTest {

    private static final Pattern FIELD = Pattern.compile("\"(content|format)\":\"([^\"]*)\"");

    private HttpServer server;
    private final Map<String, String[]> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final AtomicBoolean refuseFirst = new AtomicBoolean(true);
    private final AtomicInteger ids = new AtomicInteger();
    private final Queue<String> pollQueries = new ConcurrentLinkedQueue<>();
    /** When false, jobs stay PROCESSING for ever. Job 3 always fails. */
    private volatile boolean finishJobs = true;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/jobs", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST")) {
            if (refuseFirst.getAndSet(false)) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                send(exchange, 503, "text/plain", new byte[0]);
                return;
            }
            Matcher m = FIELD.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String[] fields = new String[2];
            while (m.find()) {
                fields[m.group(1).equals("content") ? 0 : 1] = m.group(2);
            }
            String id = "job-" + ids.incrementAndGet();
            jobs.put(id, fields);
            polls.put(id, new AtomicInteger());
            exchange.getResponseHeaders().add("Location", "/api/v1/jobs/" + id);
            send(exchange, 202, "application/json", "{\"id\":\"%s\",\"status\":\"QUEUED\"}".formatted(id));
            return;
        }
        String[] parts = path.split("/");
        String[] job = jobs.get(parts[4]);
        if (parts.length == 6) {
            try {
                RenderRequest request = new JobRequest(job[0], job[1], null, null, null, null, null).toRenderRequest();
                send(
                        exchange,
                        200,
                        request.format().mediaType(),
                        QrRenderer.render(request).bytes());
            } catch (com.google.zxing.WriterException e) {
                throw new IOException(e);
            }
            return;
        }
        pollQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
        boolean finished = polls.get(parts[4]).incrementAndGet() > 1 && finishJobs;
        String status = !finished ? "PROCESSING" : job[0].endsWith("/3") ? "FAILED" : "DONE";
        send(exchange, 200, "application/json", "{\"id\":\"%s\",\"status\": \"%s\"}".formatted(parts[4], status));
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        send(exchange, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String load(String... extra) throws InterruptedException {
        String[] args = {"--base", base(), "--jobs", "12", "--concurrency", "3", "--verify-every", "2", "--poll-ms", "1"
        };
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return LoadBench.run(Options.parse(all));
    }

    @Test
    void countsDoneFailedRefusedAndVerifiedPngs() throws InterruptedException {
        String json = load();
        assertThat(json)
                .startsWith("{\"mode\":\"load\",\"format\":\"png\",\"jobs\":12,\"concurrency\":3,\"wait_s\":0,")
                .contains("\"done\":11,\"failed\":1,\"lost\":0,\"errors\":0,\"refused\":1,\"polls\":24,")
                .contains("\"verified\":6,\"verify_failed\":0,")
                .containsPattern("\"latency_ms\":\\{\"p50\":[0-9.]+,\"p95\":[0-9.]+,\"p99\":[0-9.]+,\"max\":[0-9.]+}");
    }

    @Test
    void longPollsCarryWaitSecondsAndAreCounted() throws InterruptedException {
        assertThat(load("--wait-s", "5"))
                .contains("\"wait_s\":5,")
                .contains("\"done\":11,")
                .contains("\"polls\":24,");
        assertThat(pollQueries).hasSize(24).containsOnly("waitSeconds=5");
    }

    @Test
    void svgsAreCheckedAgainstTheRenderer() throws InterruptedException {
        assertThat(load("--format", "svg"))
                .contains("\"format\":\"svg\"")
                .contains("\"verified\":6,\"verify_failed\":0,");
    }

    @Test
    void jobsThatNeverFinishAreLost() throws InterruptedException {
        finishJobs = false;
        assertThat(load("--jobs", "2", "--timeout-s", "0.2"))
                .contains("\"done\":0,\"failed\":0,\"lost\":2,\"errors\":0,");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertThat(Report.millis(sorted, 50)).isEqualTo(2.0);
        assertThat(Report.millis(sorted, 99)).isEqualTo(4.0);
        assertThat(Report.millis(new long[0], 50)).isZero();
    }
}
