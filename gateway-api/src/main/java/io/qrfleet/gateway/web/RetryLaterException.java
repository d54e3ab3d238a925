package io.qrfleet.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * The request is sound but cannot be answered now: {@code status} (409 another request for it is
 * under way, 429 the client's share is taken, 503 not ready yet) with {@code Retry-After}.
 */
public class RetryLaterException extends RuntimeException {

    private final HttpStatus status;
    /** 0: the configured {@code qr.gateway.retry-after}. */
    private final long retryAfterSeconds;

    public RetryLaterException(HttpStatus status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public RetryLaterException(HttpStatus status, String message) {
        this(status, message, 0);
    }

    HttpStatus status() {
        return status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
