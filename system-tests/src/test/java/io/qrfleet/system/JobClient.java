package io.qrfleet.system;

import io.qrfleet.client.ApiException;
import io.qrfleet.client.ApiResponse;
import io.qrfleet.client.api.JobControllerApi;
import io.qrfleet.client.model.JobSubmission;
import io.qrfleet.client.model.JobView;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The client every system test drives the stack with, as a careful client of the API would: each
 * job with an Idempotency-Key of its own, a 409, 429 or 503 (or no answer at all) retried with the
 * same key after its Retry-After, the job awaited by long polls, its image downloaded and decoded.
 */
final class JobClient {

    private static final Set<Integer> RETRIED = Set.of(409, 429, 503);
    private static final int LONG_POLL_SECONDS = 25;
    static final String PNG = "image/png";
    static final String SVG = "image/svg+xml";

    private final JobControllerApi jobs = new JobControllerApi(Stack.client());
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();

    /** The final answer to a submission: 202 and the job's id, or why it was given up. */
    record Answer(int code, String id, int tries) {
        boolean accepted() {
            return code == 202 && id != null;
        }
    }

    /**
     * Every answer the client got, retried ones included: the code, with "-without-Retry-After" or
     * "-not-problem" added to a refusal that lacks them, "no-answer" for a failed connection.
     */
    List<String> answers() {
        return List.copyOf(answers);
    }

    /** Submits until accepted, refused for good, or the deadline passed (the last answer then). */
    Answer submit(JobSubmission body, String idempotencyKey, Instant deadline) {
        for (int tries = 1; ; tries++) {
            try {
                ApiResponse<JobView> accepted = jobs.submitWithHttpInfo(body, idempotencyKey);
                answers.add(String.valueOf(accepted.getStatusCode()));
                return new Answer(accepted.getStatusCode(), accepted.getData().getId(), tries);
            } catch (ApiException refused) {
                int code = refused.getCode();
                Optional<String> retryAfter = header(refused.getResponseHeaders(), "Retry-After");
                answers.add(label(code, retryAfter, header(refused.getResponseHeaders(), "Content-Type")));
                if (!(code == 0 || RETRIED.contains(code)) || Instant.now().isAfter(deadline)) {
                    return new Answer(code, null, tries);
                }
                pause(retryAfter
                        .filter(s -> s.matches("\\d{1,3}"))
                        .map(Integer::parseInt)
                        .orElse(1));
            }
        }
    }

    /**
     * Awaits the job (long polls until DONE or FAILED, or the deadline) and checks its image: an
     * empty result when it is of {@code mediaType} and holds {@code content} (an SVG is only checked
     * to be one), else what went wrong.
     */
    Optional<String> verify(String id, String content, String mediaType, Instant deadline) {
        JobView job = null;
        while (job == null || job.getStatus() != JobView.StatusEnum.DONE) {
            if (job != null && job.getStatus() == JobView.StatusEnum.FAILED) {
                return Optional.of("job " + id + " FAILED: " + job.getError());
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.of("job " + id + " still " + (job == null ? "unread" : job.getStatus()));
            }
            try {
                job = jobs.get(id, LONG_POLL_SECONDS);
            } catch (ApiException refused) { // 429 or 503 under faults: a moment, then ask again
                pause(1);
            }
        }
        HttpResponse<byte[]> image = Stack.get("/api/v1/jobs/" + id + "/image");
        String type = Stack.header(image, "Content-Type");
        if (image.statusCode() != 200 || !type.startsWith(mediaType)) {
            return Optional.of("image of " + id + " answered " + image.statusCode() + " " + type);
        }
        if (mediaType.equals(SVG)) {
            return new String(image.body(), java.nio.charset.StandardCharsets.UTF_8).contains("<svg")
                    ? Optional.empty()
                    : Optional.of("image of " + id + " is no SVG");
        }
        String decoded = Decoder.decode(image.body());
        return decoded.equals(content)
                ? Optional.empty()
                : Optional.of("image of " + id + " (" + type + ") decodes to '" + abbreviated(decoded) + "'");
    }

    /** Runs the checks, {@code parallel} at a time: what each found wrong (empty when all passed). */
    static List<String> failures(int parallel, List<Callable<Optional<String>>> checks) {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            return checks.stream().map(pool::submit).toList().stream()
                    .flatMap(outcome -> {
                        try {
                            return outcome.get().stream();
                        } catch (ExecutionException e) {
                            return Stream.of(e.getCause().toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    private static String label(int code, Optional<String> retryAfter, Optional<String> contentType) {
        if (code == 0) {
            return "no-answer";
        }
        String label = String.valueOf(code);
        if (RETRIED.contains(code) && retryAfter.isEmpty()) {
            label += "-without-Retry-After";
        }
        if (RETRIED.contains(code) && !contentType.orElse("").startsWith("application/problem+json")) {
            label += "-not-problem";
        }
        return label;
    }

    private static Optional<String> header(HttpHeaders headers, String name) {
        return headers == null ? Optional.empty() : headers.firstValue(name);
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** The wait a refusal asks for (Retry-After, at most 10 s): the protocol's back-off, not a guess. */
    private static void pause(int seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(Math.min(seconds, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
