package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/** Where a page of the job list ends: the last job's creation time and id, opaque to clients. */
record ListCursor(Instant createdAt, String id) {

    /** Every creation time this service writes lies between these; PostgreSQL and OffsetDateTime hold them all. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdAt + " " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything this class did not write. */
    static Optional<ListCursor> decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(" ", -1);
            if (parts.length != 2 || JobId.parse(parts[1]).isEmpty()) {
                return Optional.empty();
            }
            Instant createdAt = Instant.parse(parts[0]);
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                return Optional.empty();
            }
            return Optional.of(new ListCursor(createdAt, parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
