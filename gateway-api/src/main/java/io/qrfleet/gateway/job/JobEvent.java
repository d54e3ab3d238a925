package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobStatus;

/**
 * Announced to every gateway by the one that made a job DONE or FAILED. Only a hint that ends a
 * client's wait early: the row stays the truth, and an event may be lost.
 */
record JobEvent(String jobId, JobStatus status) {}
