package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.time.Instant;

/**
 * The job as clients see it: its row without internals, plus the image link.
 *
 * @param verified whether its image was decoded back to its content before it was stored
 * @param verification which check that was: GRID (the module grid read back from the image's bytes)
 *     or FULL (that and what a scanner does with the pixels)
 */
record JobView(
        String id,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        RenderRequest request,
        String imageUrl,
        boolean verified,
        Verification verification,
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
                job.verification() != null,
                job.verification(),
                job.error());
    }
}
