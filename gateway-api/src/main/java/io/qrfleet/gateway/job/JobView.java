package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import java.time.Instant;

/** The job as clients see it: its row without internals, plus the image link. */
record JobView(
        String id,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        RenderRequest request,
        String imageUrl,
        boolean verified,
        String error) {

    static JobView of(Job job) {
        String imageUrl = job.status() == JobStatus.DONE ? JobPaths.image(job.id()) : null;
        return new JobView(
                job.id(),
                job.status(),
                job.createdAt(),
                job.updatedAt(),
                job.request(),
                imageUrl,
                job.verified(),
                job.error());
    }
}
