package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/** Where a page of the job list ends: the last job's creation time and id, opaque to clients. */
record ListCursor(Instant createdAt, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + " " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything this class did not write. */
    static Optional<ListCursor> decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(" ", -1);
            if (parts.length != 2 || JobId.parse(parts[1]).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ListCursor(Instant.parse(parts[0]), parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
