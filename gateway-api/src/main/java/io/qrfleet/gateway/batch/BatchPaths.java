package io.qrfleet.gateway.batch;

final class BatchPaths {

    static final String BATCHES = "/api/v1/batches";

    private BatchPaths() {}

    static String batch(String id) {
        return BATCHES + "/" + id;
    }

    static String archive(String id) {
        return batch(id) + "/archive";
    }
}
