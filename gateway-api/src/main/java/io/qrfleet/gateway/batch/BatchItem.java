package io.qrfleet.gateway.batch;

import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;

/**
 * One valid row of a batch.
 *
 * @param filename the archive entry name, already sanitised and unique within the batch
 * @param imageKey where its image is stored (per tenant if it holds a secret)
 * @param status where it is; {@code error} says why when it FAILED
 */
record BatchItem(int row, String filename, RenderRequest request, String imageKey, JobStatus status, String error) {}
