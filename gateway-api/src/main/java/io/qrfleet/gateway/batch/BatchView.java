package io.qrfleet.gateway.batch;

import io.qrfleet.contract.batch.RowViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The batch as clients see it. {@code errors} lists skipped invalid rows and rows that failed in a
 * worker (field {@code null}); {@code estimatedSecondsLeft} extrapolates the rate so far.
 */
record BatchView(
        String id,
        BatchStatus status,
        Instant createdAt,
        int total,
        Counts counts,
        double progress,
        Long estimatedSecondsLeft,
        String archiveUrl,
        List<RowViolation> errors) {

    /** {@code pending + done + failed} is the number of queued rows; {@code invalid} rows were skipped. */
    record Counts(int pending, int done, int failed, int invalid) {}

    static BatchView of(Batch batch, BatchRepository.Progress progress, Instant now) {
        int done = progress.done();
        int finished = done + progress.failed();
        int pending = Math.max(0, batch.queued() - finished);
        BatchStatus status =
                pending == 0 ? BatchStatus.DONE : finished == 0 ? BatchStatus.QUEUED : BatchStatus.PROCESSING;
        List<RowViolation> errors = new ArrayList<>(batch.invalid());
        progress.failures().forEach((row, error) -> errors.add(new RowViolation(row, null, error)));
        errors.sort(Comparator.comparingInt(RowViolation::row));
        int invalidRows =
                (int) batch.invalid().stream().map(RowViolation::row).distinct().count();
        return new BatchView(
                batch.id(),
                status,
                batch.createdAt(),
                batch.total(),
                new Counts(pending, done, progress.failed(), invalidRows),
                batch.queued() == 0 ? 1.0 : (double) finished / batch.queued(),
                secondsLeft(batch.createdAt(), now, finished, pending),
                status == BatchStatus.DONE ? BatchPaths.archive(batch.id()) : null,
                errors);
    }

    /** Rows per second since submission (so a stall lengthens the estimate); null until a row has finished. */
    private static Long secondsLeft(Instant createdAt, Instant now, int finished, int pending) {
        if (pending == 0) {
            return 0L;
        }
        if (finished == 0) {
            return null;
        }
        double millisPerRow = Math.max(1, Duration.between(createdAt, now).toMillis()) / (double) finished;
        return (long) Math.ceil(pending * millisPerRow / 1000);
    }
}
