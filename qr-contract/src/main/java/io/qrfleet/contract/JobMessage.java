package io.qrfleet.contract;

/** What travels on the queue: the job id and the already validated, normalised request. */
public record JobMessage(String jobId, RenderRequest request) {
}
