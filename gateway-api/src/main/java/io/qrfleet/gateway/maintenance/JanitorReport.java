package io.qrfleet.gateway.maintenance;

import java.time.Instant;
import java.util.Map;

/**
 * What one pass did, logged as one JSON line.
 *
 * @param jobs rows by status after the pass
 * @param republished stuck jobs published again; {@code failed}: stuck too often, now FAILED
 * @param republishedRows the same for batch rows; {@code failedRows} likewise
 * @param adoptedImages images past retention found in the bucket without a row (now deleted with the rest)
 */
record JanitorReport(
        Instant startedAt,
        Instant finishedAt,
        boolean interrupted,
        Map<String, Long> jobs,
        long republished,
        long failed,
        long republishedRows,
        long failedRows,
        long deletedJobs,
        long deletedBatches,
        long adoptedImages,
        long deletedImages) {}
