package io.qrfleet.contract;

import java.time.Instant;

/**
 * The job as stored under {@code jobs/{id}.json}. Transitions return a new record; the store
 * writes it whole, so readers never see a half-updated job.
 */
public record JobRecord(
        String id,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        RenderRequest request,
        int attempts,
        String imageKey,
        boolean verified,
        String error) {

    public static JobRecord queued(String id, RenderRequest request, Instant now) {
        return new JobRecord(id, JobStatus.QUEUED, now, now, request, 0, null, false, null);
    }

    public JobRecord processing(Instant now) {
        return new JobRecord(id, JobStatus.PROCESSING, createdAt, now, request, attempts + 1, null, false, null);
    }

    public JobRecord done(Instant now, String imageKey, boolean verified) {
        return new JobRecord(id, JobStatus.DONE, createdAt, now, request, attempts, imageKey, verified, null);
    }

    public JobRecord failed(Instant now, String reason) {
        return new JobRecord(id, JobStatus.FAILED, createdAt, now, request, attempts, null, false, reason);
    }
}
