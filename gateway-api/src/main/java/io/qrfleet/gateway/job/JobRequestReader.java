package io.qrfleet.gateway.job;

import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RequestLimits;
import io.qrfleet.contract.Violation;
import io.qrfleet.contract.content.TypedContent;
import io.qrfleet.gateway.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the parsed JSON body into a {@link JobRequest}, checking its shape (an object, known
 * fields, JSON types, no nulls) so every mistake is reported with its field name. Typed content
 * ({@code type} + {@code data}) is built into the {@code content} string here.
 */
@Component
public class JobRequestReader {

    private static final Set<String> TEXT_FIELDS =
            Set.of("content", "format", "errorCorrection", "foreground", "background", "type");
    private static final Set<String> INT_FIELDS = Set.of("size", "margin");
    private static final String DATA = "data";

    private final JsonMapper json;

    JobRequestReader(JsonMapper json) {
        this.json = json;
    }

    /** Also used for each row of a batch, so rows meet exactly the single-job checks. */
    public JobRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException(List.of(new Violation("$", "the body must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            checkShape(field.getKey(), field.getValue(), violations);
        }
        if (body.has(DATA) != body.has("type")) {
            violations.add(new Violation(body.has(DATA) ? "type" : DATA, "type and data go together"));
        }
        if (body.has("type") && body.has("content")) {
            violations.add(new Violation("content", "give either content or type with data, not both"));
        }
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
        String content = body.has("type") ? typedContent(text(body, "type"), body.get(DATA)) : text(body, "content");
        return new JobRequest(
                content,
                text(body, "format"),
                integer(body, "size"),
                integer(body, "margin"),
                text(body, "errorCorrection"),
                text(body, "foreground"),
                text(body, "background"));
    }

    private static void checkShape(String name, JsonNode value, List<Violation> violations) {
        if (TEXT_FIELDS.contains(name)) {
            if (!value.isString()) {
                violations.add(new Violation(name, "must be a string" + nullHint(value)));
            }
        } else if (INT_FIELDS.contains(name)) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                violations.add(new Violation(name, "must be an integer" + nullHint(value)));
            }
        } else if (name.equals(DATA)) {
            if (!value.isObject()) {
                violations.add(new Violation(name, "must be an object" + nullHint(value)));
            }
        } else {
            violations.add(new Violation(name, "is not a known field"));
        }
    }

    private String typedContent(String type, JsonNode data) {
        Class<? extends TypedContent> kind = TypedContent.forType(type);
        if (kind == null) {
            throw new InvalidRequestException(
                    List.of(new Violation("type", "must be one of " + String.join(", ", TypedContent.TYPES))));
        }
        TypedContent content;
        try {
            content = json.readerFor(kind)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(data);
        } catch (JacksonException e) {
            String field = e.getPath().stream()
                    .map(JacksonException.Reference::getPropertyName)
                    .filter(name -> name != null)
                    .collect(Collectors.joining("."));
            throw new BadRequestException(List.of(new Violation(
                    field.isEmpty() ? DATA : DATA + "." + field,
                    "is not a known field of " + type + " or has the wrong type")));
        }
        List<Violation> violations = new ArrayList<>(content.validate());
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (field.getValue().isString() && field.getValue().stringValue().indexOf('\u0000') >= 0) {
                violations.add(new Violation(DATA + "." + field.getKey(), RequestLimits.NO_NUL));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return content.encode();
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
