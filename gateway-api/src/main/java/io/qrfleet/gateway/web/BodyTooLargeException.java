package io.qrfleet.gateway.web;

import java.io.IOException;

/** Thrown while reading a body that outgrows the limit without having declared its length. */
class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
    }
}
