package io.qrfleet.contract;

/**
 * The bucket layout: job records under {@code jobs/}, content-addressed images under {@code codes/},
 * batches under {@code batches/} (summary, item list, and one result marker per finished row).
 */
public final class StorageKeys {

    public static final String JOBS_PREFIX = "jobs/";
    public static final String CODES_PREFIX = "codes/";
    public static final String BATCHES_PREFIX = "batches/";

    private StorageKeys() {
    }

    public static String job(String jobId) {
        return JOBS_PREFIX + jobId + ".json";
    }

    public static String image(RenderRequest request) {
        return CODES_PREFIX + request.contentKey() + "." + request.format().extension();
    }

    public static String batch(String batchId) {
        return BATCHES_PREFIX + batchId + ".json";
    }

    /** Everything of one batch but its summary: the item list and the result markers. */
    public static String batchPrefix(String batchId) {
        return BATCHES_PREFIX + batchId + "/";
    }

    public static String batchItems(String batchId) {
        return batchPrefix(batchId) + "items.json";
    }

    public static String batchDonePrefix(String batchId) {
        return batchPrefix(batchId) + "done/";
    }

    public static String batchFailedPrefix(String batchId) {
        return batchPrefix(batchId) + "failed/";
    }

    public static String batchDone(String batchId, int row) {
        return batchDonePrefix(batchId) + row + ".json";
    }

    public static String batchFailed(String batchId, int row) {
        return batchFailedPrefix(batchId) + row + ".json";
    }
}
