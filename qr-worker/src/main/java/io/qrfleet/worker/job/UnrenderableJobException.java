package io.qrfleet.worker.job;

/** The job itself is bad (poison): retrying cannot help. */
class UnrenderableJobException extends Exception {

    UnrenderableJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
