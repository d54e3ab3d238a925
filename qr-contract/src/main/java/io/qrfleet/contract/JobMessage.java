package io.qrfleet.contract;

/**
 * What travels on the queue: the job id, the already validated, normalised request, and the key
 * its image is stored under (per tenant for a code that holds a secret; {@link StorageKeys}).
 */
public record JobMessage(String jobId, RenderRequest request, String imageKey) {

    /** A message from before the key travelled with it: the shared key. */
    public JobMessage {
        if (imageKey == null) {
            imageKey = StorageKeys.image(request);
        }
    }

    public JobMessage(String jobId, RenderRequest request) {
        this(jobId, request, null);
    }
}
