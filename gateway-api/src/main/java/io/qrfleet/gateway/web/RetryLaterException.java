package io.qrfleet.gateway.web;

import org.springframework.http.HttpStatus;

/** The request is sound but cannot be answered now: {@code status} with {@code Retry-After}. */
public class RetryLaterException extends RuntimeException {

    private final HttpStatus status;
    private final long retryAfterSeconds;

    public RetryLaterException(HttpStatus status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpStatus status() {
        return status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
