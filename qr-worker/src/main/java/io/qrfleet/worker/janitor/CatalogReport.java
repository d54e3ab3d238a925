package io.qrfleet.worker.janitor;

import io.qrfleet.contract.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one janitor run found and did; written to {@code reports/catalog-*.json}. */
record CatalogReport(
        Instant startedAt,
        Instant finishedAt,
        boolean interrupted,
        Map<JobStatus, Long> jobsByStatus,
        long recordBytes,
        long imageCount,
        long imageBytes,
        Instant oldestJob,
        Instant newestJob,
        Batches batches,
        Actions actions,
        Anomalies anomalies) {

    /** Kept batches: their queued rows, result markers written so far, and bytes of their objects. */
    record Batches(long count, long rows, long done, long failed, long bytes) {
    }

    /**
     * Changes made: stuck jobs requeued or failed, expired records, images and batches (with all
     * their objects) deleted, and stale objects of batches withdrawn at submission removed.
     */
    record Actions(long requeued, long failed, long deletedRecords, long deletedImages, long deletedBatches,
            long deletedBatchLeftovers) {
    }

    /** Problems found; each list holds at most {@link Catalog#ANOMALY_SAMPLE} keys, the counts are exact. */
    record Anomalies(
            long unexpectedKeys, List<String> unexpectedKeySamples,
            long unreadableRecords, List<String> unreadableRecordSamples,
            long orphanImages, List<String> orphanImageSamples,
            long recordsWithoutImage, List<String> recordsWithoutImageSamples) {
    }
}
