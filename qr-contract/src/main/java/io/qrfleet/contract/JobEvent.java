package io.qrfleet.contract;

/**
 * Announced by a worker right after it saved a job's record as DONE or FAILED. Only a hint that
 * ends a client's wait early: the record stays the truth, and an event may be lost.
 */
public record JobEvent(String jobId, JobStatus status) {
}
