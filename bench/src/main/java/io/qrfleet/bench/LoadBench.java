package io.qrfleet.bench;

import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running stack like its clients: C loops each submit a job, poll it until DONE or FAILED
 * (every --poll-ms, or as long polls of --wait-s seconds), fetch the image and, every K-th job,
 * check it (a PNG is decoded by zxing, an SVG must be the bytes the renderer gives). Every job has
 * its own content, so none is a cache hit.
 */
final class LoadBench {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int SUBMIT_ATTEMPTS = 5;
    private static final int MAX_WAIT_SECONDS = 30;

    private final Settings settings;
    private final HttpClient http;
    private final String run =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong polls = new AtomicLong();

    private record Settings(
            URI base,
            int jobs,
            int concurrency,
            Format format,
            int verifyEvery,
            long pollMillis,
            int waitSeconds,
            long timeoutMillis,
            String apiKey) {}

    private LoadBench(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
    }

    static String run(Options options) throws InterruptedException {
        Format format = Format.parse(options.string("format", "png"));
        if (format == null) {
            throw new IllegalArgumentException("--format must be png or svg");
        }
        String base = options.string("base");
        Settings settings = new Settings(
                URI.create(base.endsWith("/") ? base : base + "/"),
                options.integer("jobs"),
                options.integer("concurrency"),
                format,
                (int) options.decimal("verify-every", 10),
                (long) options.decimal("poll-ms", 20),
                options.integer("wait-s", 0),
                (long) (options.decimal("timeout-s", 60) * 1000),
                options.string("api-key", null));
        if (settings.jobs() < 1 || settings.concurrency() < 1) {
            throw new IllegalArgumentException("--jobs and --concurrency must be at least 1");
        }
        if (settings.waitSeconds() < 0 || settings.waitSeconds() > MAX_WAIT_SECONDS) {
            throw new IllegalArgumentException("--wait-s must be from 0 to " + MAX_WAIT_SECONDS);
        }
        return new LoadBench(settings).drive();
    }

    private String drive() throws InterruptedException {
        Outcome[] outcomes = new Outcome[settings.jobs()];
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(settings.concurrency())) {
            for (int c = 0; c < settings.concurrency(); c++) {
                clients.execute(() -> {
                    for (int i = next.getAndIncrement(); i < outcomes.length; i = next.getAndIncrement()) {
                        outcomes[i] = job(i);
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return Report.of(
                settings.jobs(),
                settings.concurrency(),
                settings.waitSeconds(),
                settings.format(),
                outcomes,
                refused.get(),
                polls.get(),
                seconds);
    }

    private Outcome job(int index) {
        RenderRequest request = new JobRequest(
                        "https://qr-fleet.test/load/" + run + "/" + index,
                        settings.format().extension(),
                        null,
                        null,
                        null,
                        null,
                        null)
                .toRenderRequest();
        long submitted = System.nanoTime();
        try {
            URI job = submit(request);
            long accepted = System.nanoTime();
            String status = poll(job, submitted);
            long finished = System.nanoTime();
            if (!"DONE".equals(status)) {
                return new Outcome(
                        status == null ? Outcome.Kind.LOST : Outcome.Kind.FAILED, accepted - submitted, 0, null);
            }
            HttpResponse<byte[]> image = send(
                    HttpRequest.newBuilder(URI.create(job + "/image")).GET(), HttpResponse.BodyHandlers.ofByteArray());
            if (image.statusCode() != 200) {
                return Outcome.error("image answered " + image.statusCode());
            }
            Boolean verified = settings.verifyEvery() > 0 && index % settings.verifyEvery() == 0
                    ? verify(request, image.body())
                    : null;
            return new Outcome(Outcome.Kind.DONE, accepted - submitted, finished - submitted, verified);
        } catch (IOException | RuntimeException e) {
            return Outcome.error(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.error("interrupted");
        }
    }

    /** POSTs the job; on 429 or 503 waits as told by Retry-After and tries again, a few times. */
    private URI submit(RenderRequest request) throws IOException, InterruptedException {
        String body = "{\"content\":\"%s\",\"format\":\"%s\"}"
                .formatted(request.content(), request.format().extension());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(
                    HttpRequest.newBuilder(settings.base().resolve("api/v1/jobs"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)),
                    HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            if (code == 202) {
                String location = response.headers()
                        .firstValue("Location")
                        .orElseThrow(() -> new IOException("202 without Location"));
                return settings.base().resolve(location);
            }
            if ((code != 429 && code != 503) || attempt == SUBMIT_ATTEMPTS) {
                throw new IOException("submit answered " + code + ": " + response.body());
            }
            refused.incrementAndGet();
            long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(TimeUnit.SECONDS.toMillis(wait));
        }
    }

    /**
     * The final status, or null when the job did not finish within the timeout (lost). With --wait-s
     * the gateway holds each GET until the job finishes or the wait runs out: ask again at once.
     */
    private String poll(URI job, long submitted) throws IOException, InterruptedException {
        long deadline = submitted + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        boolean wait = settings.waitSeconds() > 0;
        URI uri = wait ? URI.create(job + "?waitSeconds=" + settings.waitSeconds()) : job;
        Duration timeout = REQUEST_TIMEOUT.plusSeconds(settings.waitSeconds());
        while (System.nanoTime() < deadline) {
            polls.incrementAndGet();
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofString(), timeout);
            if (response.statusCode() != 200) {
                throw new IOException("poll answered " + response.statusCode());
            }
            Matcher status = STATUS.matcher(response.body());
            if (status.find()
                    && (status.group(1).equals("DONE") || status.group(1).equals("FAILED"))) {
                return status.group(1);
            }
            if (!wait) {
                Thread.sleep(settings.pollMillis());
            }
        }
        return null;
    }

    private boolean verify(RenderRequest request, byte[] image) {
        try {
            return request.format() == Format.PNG
                    ? QrVerifier.verify(request, image, Verification.FULL)
                    : Arrays.equals(image, QrRenderer.render(request).bytes());
        } catch (com.google.zxing.WriterException e) {
            return false;
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return send(request, body, REQUEST_TIMEOUT);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, Duration timeout)
            throws IOException, InterruptedException {
        request.timeout(timeout);
        if (settings.apiKey() != null) {
            request.header("X-API-Key", settings.apiKey());
        }
        return http.send(request.build(), body);
    }

    /** One job's end: how long the POST took and submit to DONE, in nanoseconds; verified is null if not checked. */
    record Outcome(Kind kind, long submitNanos, long doneNanos, Boolean verified, String error) {

        enum Kind {
            DONE,
            FAILED,
            LOST,
            ERROR
        }

        Outcome(Kind kind, long submitNanos, long doneNanos, Boolean verified) {
            this(kind, submitNanos, doneNanos, verified, null);
        }

        static Outcome error(String error) {
            return new Outcome(Kind.ERROR, 0, 0, null, error);
        }
    }
}
