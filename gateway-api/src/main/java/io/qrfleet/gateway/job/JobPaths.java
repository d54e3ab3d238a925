package io.qrfleet.gateway.job;

final class JobPaths {

    static final String JOBS = "/api/v1/jobs";

    private JobPaths() {}

    static String job(String id) {
        return JOBS + "/" + id;
    }

    static String image(String id) {
        return job(id) + "/image";
    }
}
