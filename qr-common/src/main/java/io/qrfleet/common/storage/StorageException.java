package io.qrfleet.common.storage;

/** The object store could not be reached or refused a request; callers treat it as transient. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
