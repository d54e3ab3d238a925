package io.qrfleet.contract.batch;

import java.time.Instant;

/**
 * A worker's marker for one finished row, under {@code batches/{id}/done/{row}.json} or
 * {@code .../failed/{row}.json}; the gateway counts markers by listing, reading only failed ones.
 */
public record ItemResult(int row, String imageKey, boolean verified, String error, Instant finishedAt) {

    public static ItemResult done(int row, String imageKey, Instant now) {
        return new ItemResult(row, imageKey, true, null, now);
    }

    public static ItemResult failed(int row, String error, Instant now) {
        return new ItemResult(row, null, false, error, now);
    }
}
