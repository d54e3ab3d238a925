package io.qrfleet.contract;

/**
 * What a worker reports on the results queue; the gateway tier applies it to the job's row with a
 * guarded update, so a duplicate, late or out-of-order report changes nothing.
 *
 * @param id the job's id, or with {@code row} the batch's
 * @param row the batch row, or {@code null} for a single job
 * @param status PROCESSING (best-effort), DONE or FAILED
 * @param imageKey for DONE: the stored, verified image
 * @param imageSize for DONE: its size in bytes
 * @param error for FAILED: why, for the client
 * @param verification for DONE: the check the image passed; FULL when a result names none (it
 *     comes from a worker that predates the grid check and checked every image in full)
 */
public record JobResult(
        String id,
        Integer row,
        JobStatus status,
        String imageKey,
        long imageSize,
        String error,
        Verification verification) {

    public JobResult {
        if (status == JobStatus.DONE && verification == null) {
            verification = Verification.FULL;
        }
    }

    public static JobResult processing(String id, Integer row) {
        return new JobResult(id, row, JobStatus.PROCESSING, null, 0, null, null);
    }

    public static JobResult done(String id, Integer row, String imageKey, long imageSize, Verification verification) {
        return new JobResult(id, row, JobStatus.DONE, imageKey, imageSize, null, verification);
    }

    public static JobResult failed(String id, Integer row, String error) {
        return new JobResult(id, row, JobStatus.FAILED, null, 0, error, null);
    }

    /** The AMQP message id: one per job or row and status, stable across redeliveries. */
    public String messageId() {
        return id + (row == null ? "" : ":" + row) + ":" + status;
    }
}
