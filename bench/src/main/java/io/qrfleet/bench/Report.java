package io.qrfleet.bench;

import io.qrfleet.bench.LoadBench.Outcome;
import io.qrfleet.contract.Format;
import java.util.Arrays;
import java.util.Locale;

/** The JSON line of a load run: counts, throughput and nearest-rank latency percentiles in milliseconds. */
final class Report {

    private Report() {}

    static String of(
            int jobs,
            int concurrency,
            int waitSeconds,
            Format format,
            Outcome[] outcomes,
            int refused,
            long polls,
            double seconds) {
        long[] done = Arrays.stream(outcomes)
                .filter(o -> o.kind() == Outcome.Kind.DONE)
                .mapToLong(Outcome::doneNanos)
                .sorted()
                .toArray();
        long[] submit = Arrays.stream(outcomes)
                .filter(o -> o.kind() != Outcome.Kind.ERROR)
                .mapToLong(Outcome::submitNanos)
                .sorted()
                .toArray();
        Arrays.stream(outcomes)
                .filter(o -> o.error() != null)
                .map(Outcome::error)
                .distinct()
                .limit(5)
                .forEach(error -> System.err.println("error: " + error));
        return String.format(
                Locale.ROOT,
                "{\"mode\":\"load\",\"format\":\"%s\",\"jobs\":%d,\"concurrency\":%d,\"wait_s\":%d,"
                        + "\"done\":%d,\"failed\":%d,\"lost\":%d,\"errors\":%d,\"refused\":%d,\"polls\":%d,"
                        + "\"verified\":%d,\"verify_failed\":%d,\"seconds\":%.3f,\"jobs_per_s\":%.2f,"
                        + "\"latency_ms\":{\"p50\":%.1f,\"p95\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                        + "\"submit_ms\":{\"p50\":%.1f,\"p99\":%.1f}}",
                format.extension(),
                jobs,
                concurrency,
                waitSeconds,
                done.length,
                count(outcomes, Outcome.Kind.FAILED),
                count(outcomes, Outcome.Kind.LOST),
                count(outcomes, Outcome.Kind.ERROR),
                refused,
                polls,
                Arrays.stream(outcomes)
                        .filter(o -> Boolean.TRUE.equals(o.verified()))
                        .count(),
                Arrays.stream(outcomes)
                        .filter(o -> Boolean.FALSE.equals(o.verified()))
                        .count(),
                seconds,
                done.length / seconds,
                millis(done, 50),
                millis(done, 95),
                millis(done, 99),
                millis(done, 100),
                millis(submit, 50),
                millis(submit, 99));
    }

    private static long count(Outcome[] outcomes, Outcome.Kind kind) {
        return Arrays.stream(outcomes).filter(o -> o.kind() == kind).count();
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; 0 when there is none. */
    static double millis(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
