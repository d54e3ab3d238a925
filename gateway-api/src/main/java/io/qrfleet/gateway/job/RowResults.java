package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobResult;
import java.time.Instant;

/**
 * Where the results listener hands a result that belongs to a batch row (one with a row number);
 * the batch feature provides it, so this package does not depend on that one.
 */
public interface RowResults {

    /** Applies the row's result with one guarded update; false when it changed nothing. */
    boolean apply(JobResult result, Instant now);
}
