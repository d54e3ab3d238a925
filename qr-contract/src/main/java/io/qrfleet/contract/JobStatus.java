package io.qrfleet.contract;

public enum JobStatus {
    QUEUED,
    PROCESSING,
    DONE,
    FAILED;

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
