package io.qrfleet.gateway.web;

/** A dependency (broker, storage) cannot take the request now; the client should retry later. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
