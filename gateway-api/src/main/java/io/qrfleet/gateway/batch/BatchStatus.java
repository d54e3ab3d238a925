package io.qrfleet.gateway.batch;

/** DONE means every queued row has finished, as an image or as a failure. */
enum BatchStatus {
    QUEUED,
    PROCESSING,
    DONE
}
