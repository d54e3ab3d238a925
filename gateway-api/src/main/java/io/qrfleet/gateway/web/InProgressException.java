package io.qrfleet.gateway.web;

/** Another request for the same thing is still under way: 409, and the client may retry shortly. */
public class InProgressException extends RuntimeException {

    public InProgressException(String message) {
        super(message);
    }
}
