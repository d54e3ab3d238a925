package io.qrfleet.contract.batch;

import java.time.Instant;
import java.util.List;

/**
 * The small summary under {@code batches/{id}.json}: written once at submission, never updated, so
 * a status read is this object plus two prefix listings of the workers' result markers.
 *
 * @param total rows the client sent
 * @param queued rows that passed validation and were published to the bulk queue
 * @param invalid rows skipped with {@code ?skipInvalid=true}, each with its violations
 */
public record BatchRecord(String id, Instant createdAt, int total, int queued, List<RowViolation> invalid) {
}
