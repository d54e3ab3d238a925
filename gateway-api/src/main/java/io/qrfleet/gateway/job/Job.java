package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.time.Instant;

/**
 * A job's row.
 *
 * @param verification for DONE: the check its image passed
 * @param published whether the broker has confirmed its message; a repeated submit waits for that
 */
record Job(
        String id,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        RenderRequest request,
        String imageKey,
        Verification verification,
        String error,
        boolean published) {}
