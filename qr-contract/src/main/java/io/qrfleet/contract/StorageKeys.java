package io.qrfleet.contract;

/** The bucket layout: job records under {@code jobs/}, content-addressed images under {@code codes/}. */
public final class StorageKeys {

    public static final String JOBS_PREFIX = "jobs/";
    public static final String CODES_PREFIX = "codes/";

    private StorageKeys() {
    }

    public static String job(String jobId) {
        return JOBS_PREFIX + jobId + ".json";
    }

    public static String image(RenderRequest request) {
        return CODES_PREFIX + request.contentKey() + "." + request.format().extension();
    }
}
