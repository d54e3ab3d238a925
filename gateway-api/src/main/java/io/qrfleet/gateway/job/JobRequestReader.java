package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns the parsed JSON body into a {@link JobRequest}, checking its shape (an object, known
 * fields, JSON types, no nulls) so every mistake is reported with its field name.
 */
final class JobRequestReader {

    private static final Set<String> TEXT_FIELDS = Set.of("content", "format", "errorCorrection", "foreground", "background");
    private static final Set<String> INT_FIELDS = Set.of("size", "margin");

    private JobRequestReader() {
    }

    static JobRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException(List.of(new Violation("$", "the body must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (TEXT_FIELDS.contains(name)) {
                if (!value.isString()) {
                    violations.add(new Violation(name, "must be a string" + nullHint(value)));
                }
            } else if (INT_FIELDS.contains(name)) {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    violations.add(new Violation(name, "must be an integer" + nullHint(value)));
                }
            } else {
                violations.add(new Violation(name, "is not a known field"));
            }
        }
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
        return new JobRequest(text(body, "content"), text(body, "format"), integer(body, "size"),
                integer(body, "margin"), text(body, "errorCorrection"), text(body, "foreground"), text(body, "background"));
    }

    private static String nullHint(JsonNode value) {
        return value.isNull() ? ", not null (leave the field out to get its default)" : "";
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null ? null : value.stringValue();
    }

    private static Integer integer(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null ? null : value.intValue();
    }
}
