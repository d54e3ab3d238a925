package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.client.model.JobSubmission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The load under which the resilience test (infra/scripts/chaos.sh) and the cluster chaos lay their
 * faults: client threads submit (each job with its own content and key) until the script creates
 * the stop file, its last fault over; then every job must have been accepted in the end and be
 * DONE with an image of its content. Each job's final answer is appended to the submits file as
 * "N CODE ID TRIES EPOCH-SECONDS" the moment it comes, so the script can lay its faults among the
 * submissions and say what was accepted after each.
 *
 * <p>-Dqr.stop-file, -Dqr.submits-file, -Dqr.content-prefix (job n's content is the prefix and
 * "/n"); -Dqr.api-key [none], -Dqr.parallel [8], -Dqr.pace seconds [2], -Dqr.min-jobs [300],
 * -Dqr.done-timeout seconds for all jobs to be done once the faults are over [600].
 */
@Tag("load")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadSystemTest {

    private static final Path STOP = Path.of(System.getProperty("qr.stop-file", "stop"));
    private static final Path SUBMITS = Path.of(System.getProperty("qr.submits-file", "submits"));
    private static final String PREFIX = System.getProperty("qr.content-prefix", "https://qr-fleet.example/load");
    private static final int PARALLEL = Integer.getInteger("qr.parallel", 8);
    private static final Duration PACE =
            Duration.ofMillis((long) (Double.parseDouble(System.getProperty("qr.pace", "2")) * 1000));
    private static final int MIN_JOBS = Integer.getInteger("qr.min-jobs", 300);
    private static final Duration GIVE_UP = Duration.ofMinutes(15);
    private static final Duration DONE_TIMEOUT = Duration.ofSeconds(Integer.getInteger("qr.done-timeout", 600));

    private static final JobClient CLIENT = new JobClient();
    private static final Map<Integer, JobClient.Answer> ANSWERS = new ConcurrentHashMap<>();

    static String content(int n) {
        return PREFIX + "/" + n;
    }

    @Test
    @Order(1)
    void everyJobSubmittedThroughTheFaultsIsAcceptedInTheEnd() throws Exception {
        Instant deadline = Instant.now().plus(GIVE_UP);
        AtomicInteger numbers = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(PARALLEL)) {
            for (int t = 0; t < PARALLEL; t++) {
                clients.add(threads.submit(() -> {
                    while (!Files.exists(STOP) && Instant.now().isBefore(deadline)) {
                        Thread.sleep(PACE);
                        int n = numbers.incrementAndGet();
                        JobSubmission body =
                                new JobSubmission().content(content(n)).size(256);
                        JobClient.Answer answer = CLIENT.submit(body, content(n), deadline);
                        ANSWERS.put(n, answer);
                        record(n, answer);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> client : clients) {
            client.get(); // a client that died says why
        }
        List<JobClient.Answer> refused =
                ANSWERS.values().stream().filter(answer -> !answer.accepted()).toList();
        assertThat(refused).as("jobs refused for good").isEmpty();
        assertThat(ANSWERS).as("jobs accepted through the faults").hasSizeGreaterThanOrEqualTo(MIN_JOBS);
    }

    @Test
    @Order(2)
    void refusalsWereOnly409or429or503WithRetryAfterAndProblemJson() {
        Map<String, Long> answers =
                CLIENT.answers().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.println("every answer: " + answers);
        assertThat(answers.keySet()).isSubsetOf("202", "409", "429", "503");
    }

    @Test
    @Order(3)
    void everyAcceptedJobIsDoneWithAnImageOfItsContent() {
        Instant deadline = Instant.now().plus(DONE_TIMEOUT);
        List<Callable<Optional<String>>> checks = ANSWERS.entrySet().stream()
                .filter(job -> job.getValue().accepted())
                .<Callable<Optional<String>>>map(
                        job -> () -> CLIENT.verify(job.getValue().id(), content(job.getKey()), JobClient.PNG, deadline))
                .toList();
        assertThat(JobClient.failures(6, checks))
                .as("accepted jobs not done or not decoded")
                .isEmpty();
    }

    private static synchronized void record(int n, JobClient.Answer answer) {
        String line = n + " " + answer.code() + " " + (answer.id() == null ? "-" : answer.id()) + " " + answer.tries()
                + " " + Instant.now().getEpochSecond() + "\n";
        try {
            Files.writeString(
                    SUBMITS, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
