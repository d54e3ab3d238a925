package io.qrfleet.common.broker;

/** The broker did not take a job; {@link #reason()} is short and metric-friendly. */
public class PublishRefusedException extends RuntimeException {

    private final String reason;

    PublishRefusedException(String reason, String message) {
        this(reason, message, null);
    }

    PublishRefusedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
