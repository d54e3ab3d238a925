package io.qrfleet.contract;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids are random (version 4) UUIDs in canonical lower-case form; anything else is not a job. */
public final class JobId {

    private static final Pattern CANONICAL_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private JobId() {}

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static Optional<String> parse(String value) {
        return value != null && CANONICAL_V4.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }
}
