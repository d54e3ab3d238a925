package io.qrfleet.system;

import io.qrfleet.client.model.JobSubmission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Numbered jobs of one test (job n holds {@code prefix/n}), submitted by one client, each final
 * answer kept with its time: what the test checks at the end, however the jobs were sent.
 */
final class Submissions {

    /** Job contents of this run: a test's jobs are told from every other run's in the database. */
    static final String RUN = "https://qr-fleet.example/system/" + UUID.randomUUID();

    record Sent(JobClient.Answer answer, Instant at) {}

    private final String prefix;
    private final JobClient client = new JobClient();
    private final Map<Integer, Sent> sent = new ConcurrentSkipListMap<>();

    Submissions(String name) {
        this.prefix = RUN + "/" + name;
    }

    String prefix() {
        return prefix;
    }

    String content(int n) {
        return prefix + "/" + n;
    }

    /** Job n, retried after each refusal's Retry-After until {@code retryUntil} (now: sent once). */
    JobClient.Answer submit(int n, Instant retryUntil) {
        JobClient.Answer answer =
                client.submit(new JobSubmission().content(content(n)).size(256), content(n), retryUntil);
        sent.put(n, new Sent(answer, Instant.now()));
        return answer;
    }

    /** Jobs 1..count, {@code parallel} in flight; what went wrong with a submission (none: empty). */
    List<String> burst(int count, int parallel, Instant retryUntil) {
        return JobClient.failures(
                parallel,
                IntStream.rangeClosed(1, count)
                        .<Callable<Optional<String>>>mapToObj(n -> () -> {
                            submit(n, retryUntil);
                            return Optional.empty();
                        })
                        .toList());
    }

    int size() {
        return sent.size();
    }

    long accepted() {
        return sent.values().stream().filter(s -> s.answer().accepted()).count();
    }

    long acceptedAfter(Instant time) {
        return sent.values().stream()
                .filter(s -> s.answer().accepted() && s.at().isAfter(time))
                .count();
    }

    Optional<String> firstAcceptedId() {
        return sent.values().stream()
                .filter(s -> s.answer().accepted())
                .map(s -> s.answer().id())
                .findFirst();
    }

    /** The jobs refused for good: number and final answer. */
    Map<Integer, Integer> refused() {
        return sent.entrySet().stream()
                .filter(job -> !job.getValue().answer().accepted())
                .collect(Collectors.toMap(
                        Map.Entry::getKey, job -> job.getValue().answer().code()));
    }

    /** Every answer, retried ones included, counted by label ("202", "429-without-Retry-After"…). */
    Map<String, Long> answers() {
        return client.answers().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The accepted jobs not DONE with an image of their content by the deadline, and why. */
    List<String> notDone(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        return JobClient.failures(
                6,
                sent.entrySet().stream()
                        .filter(job -> job.getValue().answer().accepted())
                        .<Callable<Optional<String>>>map(job -> () -> client.verify(
                                job.getValue().answer().id(), content(job.getKey()), JobClient.PNG, deadline))
                        .toList());
    }
}
