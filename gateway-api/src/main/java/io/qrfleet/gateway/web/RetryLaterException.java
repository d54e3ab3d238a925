package io.qrfleet.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * The request is sound but cannot be answered now, for a {@link Reason}, with {@code Retry-After}.
 * The services say why; only the problem handler turns that into a status.
 */
public class RetryLaterException extends RuntimeException {

    public enum Reason {
        /** Another request for the same thing is under way: 409. */
        IN_FLIGHT(HttpStatus.CONFLICT),
        /** The client's share is taken: 429. */
        CLIENT_SHARE(HttpStatus.TOO_MANY_REQUESTS),
        /** What was asked for is not ready yet: 503. */
        NOT_READY(HttpStatus.SERVICE_UNAVAILABLE);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }
    }

    private final Reason reason;
    /** 0: the configured {@code qr.gateway.retry-after}. */
    private final long retryAfterSeconds;

    public RetryLaterException(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public RetryLaterException(Reason reason, String message) {
        this(reason, message, 0);
    }

    HttpStatus status() {
        return reason.status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
