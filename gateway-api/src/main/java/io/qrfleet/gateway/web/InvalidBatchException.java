package io.qrfleet.gateway.web;

import io.qrfleet.contract.batch.RowViolation;
import java.util.List;

/** Batch rows that break the single-job rules; nothing was queued. */
public class InvalidBatchException extends RuntimeException {

    private final transient List<RowViolation> violations;

    public InvalidBatchException(List<RowViolation> violations) {
        super("invalid batch");
        this.violations = List.copyOf(violations);
    }

    public List<RowViolation> violations() {
        return violations;
    }
}
