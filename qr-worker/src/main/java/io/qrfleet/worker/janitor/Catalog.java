package io.qrfleet.worker.janitor;

import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.batch.BatchRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The running tally of one janitor pass, turned into a {@link CatalogReport} at the end. */
final class Catalog {

    static final int ANOMALY_SAMPLE = 100;

    private final Instant startedAt;
    private final Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
    private long recordBytes;
    private long imageCount;
    private long imageBytes;
    private Instant oldest;
    private Instant newest;
    private final Set<String> keptImages = new HashSet<>();
    private final Map<String, String> expectedImages = new HashMap<>();
    long requeued;
    long failed;
    long deletedRecords;
    long deletedImages;
    long deletedBatches;
    long deletedBatchLeftovers;
    private long batches;
    private long batchRows;
    private long batchDone;
    private long batchFailed;
    private long batchBytes;
    final Tally unexpected = new Tally();
    final Tally unreadable = new Tally();
    final Tally orphans = new Tally();
    final Tally withoutImage = new Tally();

    Catalog(Instant startedAt) {
        this.startedAt = startedAt;
        for (JobStatus status : JobStatus.values()) {
            byStatus.put(status, 0L);
        }
    }

    void job(JobRecord job, long bytes) {
        byStatus.merge(job.status(), 1L, Long::sum);
        recordBytes += bytes;
        oldest = oldest == null || job.createdAt().isBefore(oldest) ? job.createdAt() : oldest;
        newest = newest == null || job.createdAt().isAfter(newest) ? job.createdAt() : newest;
    }

    void batch(BatchRecord batch, long bytes) {
        batches++;
        batchRows += batch.queued();
        batchBytes += bytes;
    }

    /** An item list or a result marker of a kept batch. */
    void batchPart(String kind, long bytes) {
        batchBytes += bytes;
        if (kind.startsWith("done/")) {
            batchDone++;
        } else if (kind.startsWith("failed/")) {
            batchFailed++;
        }
    }

    void keepImage(String imageKey) {
        keptImages.add(imageKey);
    }

    boolean isKept(String imageKey) {
        return keptImages.contains(imageKey);
    }

    /** A DONE record points to this image; it is an anomaly unless the image turns up in the listing. */
    void expectImage(String imageKey, String recordKey) {
        expectedImages.put(imageKey, recordKey);
    }

    void image(String imageKey, long bytes) {
        imageCount++;
        imageBytes += bytes;
        expectedImages.remove(imageKey);
    }

    Collection<String> recordsWhoseImageWasNotSeen() {
        return expectedImages.values();
    }

    CatalogReport report(Instant finishedAt, boolean interrupted) {
        return new CatalogReport(startedAt, finishedAt, interrupted, byStatus, recordBytes, imageCount, imageBytes,
                oldest, newest, new CatalogReport.Batches(batches, batchRows, batchDone, batchFailed, batchBytes),
                new CatalogReport.Actions(requeued, failed, deletedRecords, deletedImages, deletedBatches,
                        deletedBatchLeftovers),
                new CatalogReport.Anomalies(unexpected.count, unexpected.samples, unreadable.count, unreadable.samples,
                        orphans.count, orphans.samples, withoutImage.count, withoutImage.samples));
    }

    /** An exact count with the first few keys as examples, so a huge bucket gives a small report. */
    static final class Tally {
        private long count;
        private final List<String> samples = new ArrayList<>();

        void add(String key) {
            count++;
            if (samples.size() < ANOMALY_SAMPLE) {
                samples.add(key);
            }
        }
    }
}
