package io.qrfleet.contract.batch;

import io.qrfleet.contract.RenderRequest;

/** What travels on the bulk queue: one validated row of a batch. */
public record BatchItemMessage(String batchId, int row, RenderRequest request) {

    /** The AMQP message id: unique per row, stable across redeliveries. */
    public String messageId() {
        return batchId + ":" + row;
    }
}
