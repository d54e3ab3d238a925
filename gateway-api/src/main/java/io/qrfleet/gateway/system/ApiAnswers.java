package io.qrfleet.gateway.system;

import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.RequestLimits;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * What each operation answers, added to what springdoc derives from the controllers (the 200 of
 * the return type, as any media type): the real success status and media type, every error as a
 * problem document (RFC 9457), and the headers clients act on.
 */
@Component
class ApiAnswers implements OpenApiCustomizer {

    static final String PROBLEM = "application/problem+json";
    static final String JSON = "application/json";
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("400", "Malformed: not JSON, a field of the wrong type, an unknown field or parameter"),
            Map.entry(
                    "401",
                    "An API key is needed (the deployment has keys and this is not a read) or the one given is wrong"),
            Map.entry("404", "No such job or batch (or its image has expired)"),
            Map.entry("409", "Not ready yet, or a request with this Idempotency-Key is still being queued"),
            Map.entry("413", "The body is too large"),
            Map.entry("415", "The body is not of a media type this operation reads"),
            Map.entry("422", "A value out of range, named in errors[].field"),
            Map.entry("500", "The code could not be rendered (its job FAILED)"),
            Map.entry("429", "Too many requests from this client; see Retry-After"),
            Map.entry(
                    "503", "The broker, storage or database cannot take it now; nothing was queued. See Retry-After"));
    /** Operation to the problems it may answer. */
    private static final Map<String, List<String>> PROBLEMS = Map.of(
            "get /api/v1/qr", List.of("400", "401", "422"),
            "get /v1/create-qr-code", List.of("400", "401", "422"),
            "post /api/v1/jobs", List.of("400", "401", "409", "413", "415", "422", "503"),
            "get /api/v1/jobs", List.of("400", "401", "422"),
            "get /api/v1/jobs/{id}", List.of("400", "401", "404", "422"),
            "get /api/v1/jobs/{id}/image", List.of("401", "404", "409", "503"),
            "post /api/v1/batches", List.of("400", "401", "413", "415", "422", "503"),
            "get /api/v1/batches/{id}", List.of("401", "404"),
            "get /api/v1/batches/{id}/archive", List.of("401", "404", "409"));
    /** Operations the bundled proxy limits per client (infra/nginx): it answers their 429 itself. */
    private static final List<String> PROXY_LIMITED = List.of(
            "post /api/v1/jobs", "post /api/v1/batches", "get /api/v1/jobs/{id}", "get /api/v1/batches/{id}/archive");

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas("Problem", problem());
        api.getComponents().getSchemas().remove("StreamingResponseBody"); // images and archives are described as binary
        api.getComponents().getSchemas().remove("JsonNode"); // the submission is read as a tree, checked field by field
        api.getComponents().addSchemas("JobSubmission", submission());
        api.getPaths().remove("/v1/create-qr-code/"); // the same operation; the description says both spellings work
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String key = method.name().toLowerCase() + " " + path;
                    ApiResponses responses = operation.getResponses();
                    responses.values().forEach(ApiAnswers::anyMediaTypeIsJson);
                    if (responses.containsKey("304")) {
                        responses.get("304").setContent(null);
                    }
                    if (key.startsWith("post ")) {
                        accepted(responses);
                    }
                    PROBLEMS.getOrDefault(key, List.of())
                            .forEach(status -> responses.addApiResponse(status, problem(status)));
                    if (PROXY_LIMITED.contains(key)) {
                        ApiResponse limited = problem(
                                "429",
                                "The proxy's limit for this client: submissions per second, "
                                        + "or long polls and downloads at once. See Retry-After");
                        limited.addExtension("x-answered-by", "proxy");
                        responses.addApiResponse("429", limited);
                    }
                    switch (key) {
                        case "get /api/v1/jobs/{id}/image" -> image(responses, "private, a year, immutable");
                        case "get /api/v1/qr", "get /v1/create-qr-code" -> code(responses);
                        case "get /api/v1/batches/{id}/archive" ->
                            responses
                                    .get("200")
                                    .setContent(new Content()
                                            .addMediaType(
                                                    "application/zip", new MediaType().schema(new BinarySchema())));
                        case "post /api/v1/jobs" ->
                            operation
                                    .getRequestBody()
                                    .getContent()
                                    .get(JSON)
                                    .schema(new Schema<>().$ref("#/components/schemas/JobSubmission"));
                        // springdoc describes one of the two handlers of this path: the JSON one
                        case "post /api/v1/batches" ->
                            operation
                                    .getRequestBody()
                                    .getContent()
                                    .addMediaType(
                                            "text/csv",
                                            new MediaType()
                                                    .schema(new StringSchema()
                                                            .description(
                                                                    "UTF-8, a header row of request fields and filename; render options "
                                                                            + "in the query string are the defaults")));
                        case "get /api/health" ->
                            responses.addApiResponse(
                                    "503",
                                    new ApiResponse()
                                            .description("A component is DOWN (named in components)")
                                            .content(new Content()
                                                    .addMediaType(
                                                            JSON,
                                                            new MediaType()
                                                                    .schema(responses
                                                                            .get("200")
                                                                            .getContent()
                                                                            .get(JSON)
                                                                            .getSchema()))));
                        default -> {}
                    }
                    Examples.add(key, operation);
                }));
    }

    /** A submission answers 202 with the record and its Location. */
    private static void accepted(ApiResponses responses) {
        ApiResponse ok = responses.remove("200");
        responses.addApiResponse(
                "202",
                ok.description("Accepted: queued")
                        .addHeaderObject("Location", header("The URL of the new record", new StringSchema())));
    }

    private static void image(ApiResponses responses, String caching) {
        responses.addApiResponse(
                "200",
                new ApiResponse()
                        .description("The image")
                        .content(new Content()
                                .addMediaType("image/png", new MediaType().schema(new BinarySchema()))
                                .addMediaType("image/svg+xml", new MediaType().schema(new StringSchema())))
                        .addHeaderObject("ETag", header("The content key, quoted", new StringSchema()))
                        .addHeaderObject("Cache-Control", header(caching, new StringSchema())));
        responses.addApiResponse("304", new ApiResponse().description("If-None-Match holds the ETag"));
    }

    /** A code by URL: rendered while the request waits, within the client's share. */
    private static void code(ApiResponses responses) {
        image(responses, "public, a year, immutable; private for a code that holds a secret (Wi-Fi, otpauth)");
        responses.addApiResponse(
                "429",
                problem(
                        "429",
                        "This client's share of codes being rendered is taken "
                                + "(or, at the proxy, its rate). See Retry-After"));
        responses.addApiResponse("500", problem("500"));
        responses.addApiResponse(
                "503",
                problem(
                        "503",
                        "Not rendered within the wait: it stays queued, ask again "
                                + "after Retry-After (or storage is unavailable)"));
    }

    private static void anyMediaTypeIsJson(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            content.addMediaType(JSON, content.remove("*/*"));
        }
    }

    private static ApiResponse problem(String status) {
        return problem(status, MEANING.get(status));
    }

    private static ApiResponse problem(String status, String meaning) {
        MediaType problem = new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .addExamples("problem", Examples.problem(Integer.parseInt(status), meaning));
        ApiResponse response =
                new ApiResponse().description(meaning).content(new Content().addMediaType(PROBLEM, problem));
        if (List.of("409", "429", "503").contains(status)) {
            response.addHeaderObject("Retry-After", header("Seconds to wait before asking again", new IntegerSchema()));
        }
        return response;
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    /** The body of POST /api/v1/jobs: raw content, or typed content built by the gateway. */
    private static Schema<?> submission() {
        return new ObjectSchema()
                .description("content, or type with data; the rest optional")
                .additionalProperties(false)
                .addProperty(
                        "content",
                        new StringSchema()
                                .minLength(1)
                                .maxLength(RequestLimits.MAX_CONTENT_CHARS)
                                .description("The text to encode"))
                .addProperty(
                        "type",
                        new StringSchema()
                                ._enum(List.of("url", "text", "wifi", "email", "sms", "tel", "geo", "vcard"))
                                .description("Typed content instead of content, with its fields in data"))
                .addProperty("data", new ObjectSchema().description("The fields of type (see the README)"))
                .addProperty(
                        "format",
                        new StringSchema()
                                ._enum(Stream.of(Format.values())
                                        .map(Format::extension)
                                        .toList())
                                ._default(RequestLimits.DEFAULT_FORMAT.extension()))
                .addProperty(
                        "size",
                        new IntegerSchema()
                                .minimum(BigDecimal.valueOf(RequestLimits.MIN_SIZE))
                                .maximum(BigDecimal.valueOf(RequestLimits.MAX_SIZE))
                                ._default(RequestLimits.DEFAULT_SIZE)
                                .description("Pixels"))
                .addProperty(
                        "margin",
                        new IntegerSchema()
                                .minimum(BigDecimal.ZERO)
                                .maximum(BigDecimal.valueOf(RequestLimits.MAX_MARGIN))
                                ._default(RequestLimits.DEFAULT_MARGIN)
                                .description("Quiet zone in modules"))
                .addProperty(
                        "errorCorrection",
                        new StringSchema()
                                ._enum(Stream.of(ErrorCorrection.values())
                                        .map(Enum::name)
                                        .toList())
                                ._default(RequestLimits.DEFAULT_ERROR_CORRECTION.name()))
                .addProperty(
                        "foreground",
                        new StringSchema().pattern("^#[0-9A-Fa-f]{6}$")._default(RequestLimits.DEFAULT_FOREGROUND))
                .addProperty(
                        "background",
                        new StringSchema().pattern("^#[0-9A-Fa-f]{6}$")._default(RequestLimits.DEFAULT_BACKGROUND));
    }

    /** RFC 9457, with the fields at fault. */
    private static Schema<?> problem() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field or parameter"))
                .addProperty("message", new StringSchema())
                .addProperty("row", new IntegerSchema().description("batches: the row, from 1"));
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(error));
    }
}
