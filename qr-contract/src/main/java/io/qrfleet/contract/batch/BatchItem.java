package io.qrfleet.contract.batch;

import io.qrfleet.contract.RenderRequest;

/**
 * One valid row as listed in {@code batches/{id}/items.json}.
 *
 * @param filename the archive entry name, already sanitised and unique within the batch
 */
public record BatchItem(int row, String filename, RenderRequest request) {
}
