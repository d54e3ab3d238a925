package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * {@code GET /api/v1/qr}: a job's options under short names, with the same defaults and limits;
 * a colour may leave out its {@code #} (which a URL would have to write as {@code %23}).
 */
final class CodeQuery {

    /** Job field to query parameter. */
    static final Map<String, String> PARAMETERS = Map.of(
            "content",
            "data",
            "format",
            "format",
            "size",
            "size",
            "margin",
            "margin",
            "errorCorrection",
            "ecc",
            "foreground",
            "fg",
            "background",
            "bg");

    private CodeQuery() {}

    static RenderRequest read(MultiValueMap<String, String> query) {
        QueryParameters q = new QueryParameters(query, Set.copyOf(PARAMETERS.values()));
        JobRequest request = new JobRequest(
                q.text("data"),
                q.text("format"),
                q.integer("size"),
                q.integer("margin"),
                q.text("ecc"),
                color(q.text("fg")),
                color(q.text("bg")));
        return QueryParameters.render(request, PARAMETERS, List.of());
    }

    private static String color(String value) {
        return value != null && value.matches("[0-9A-Fa-f]{6}") ? "#" + value : value;
    }
}
