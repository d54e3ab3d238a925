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
        Actions actions,
        Anomalies anomalies) {

    /** Changes made: stuck jobs requeued or failed, expired records and images deleted. */
    record Actions(long requeued, long failed, long deletedRecords, long deletedImages) {
    }

    /** Problems found; each list holds at most {@link Catalog#ANOMALY_SAMPLE} keys, the counts are exact. */
    record Anomalies(
            long unexpectedKeys, List<String> unexpectedKeySamples,
            long unreadableRecords, List<String> unreadableRecordSamples,
            long orphanImages, List<String> orphanImageSamples,
            long recordsWithoutImage, List<String> recordsWithoutImageSamples) {
    }
}
