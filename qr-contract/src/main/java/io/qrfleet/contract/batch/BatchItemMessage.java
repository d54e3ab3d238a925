package io.qrfleet.contract.batch;

import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;

/** What travels on the bulk queue: one validated row of a batch, and the key its image is stored under. */
public record BatchItemMessage(String batchId, int row, RenderRequest request, String imageKey) {

    /** A message from before the key travelled with it: the shared key. */
    public BatchItemMessage {
        if (imageKey == null) {
            imageKey = StorageKeys.image(request);
        }
    }

    public BatchItemMessage(String batchId, int row, RenderRequest request) {
        this(batchId, row, request, null);
    }

    /** The AMQP message id: unique per row, stable across redeliveries. */
    public String messageId() {
        return batchId + ":" + row;
    }
}
