package io.qrfleet.gateway.web;

import io.qrfleet.contract.Violation;
import java.util.List;

/** The body is well-formed JSON but of the wrong shape: unknown fields, wrong types, nulls. */
public class BadRequestException extends RuntimeException {

    private final transient List<Violation> violations;

    public BadRequestException(List<Violation> violations) {
        super("invalid request body");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
