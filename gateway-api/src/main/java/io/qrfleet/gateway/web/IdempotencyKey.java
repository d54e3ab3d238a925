package io.qrfleet.gateway.web;

import io.qrfleet.contract.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;

/** The {@code Idempotency-Key} header of a submission (a job or a batch), read strictly. */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    public static final String PATTERN = "^[ -~]+$";
    public static final String DESCRIPTION =
            "Any 1 to 255 printable ASCII characters, on one header line; a new random " + "one per new submission";

    private IdempotencyKey() {}

    /** Null without one; two header lines are refused (the container would join them into "a,b", a new key). */
    public static String of(HttpServletRequest http) {
        List<String> lines = Collections.list(http.getHeaders(HEADER));
        String value = lines.isEmpty() ? null : lines.getFirst();
        if (lines.size() > 1
                || (value != null
                        && (value.isEmpty()
                                || value.length() > MAX_LENGTH
                                || !value.chars().allMatch(c -> c >= ' ' && c <= '~')))) {
            throw new BadRequestException(List.of(new Violation(
                    HEADER, "must be one header line of 1 to " + MAX_LENGTH + " printable ASCII characters")));
        }
        return value;
    }
}
