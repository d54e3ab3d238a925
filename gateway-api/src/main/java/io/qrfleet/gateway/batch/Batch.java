package io.qrfleet.gateway.batch;

import io.qrfleet.contract.batch.RowViolation;
import java.time.Instant;
import java.util.List;

/**
 * A batch's row.
 *
 * @param total rows the client sent
 * @param queued rows that passed validation and were published to the bulk queue
 * @param invalid rows skipped with {@code ?skipInvalid=true}, each with its violations
 */
record Batch(String id, Instant createdAt, int total, int queued, List<RowViolation> invalid) {}
