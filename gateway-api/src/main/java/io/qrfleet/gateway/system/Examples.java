package io.qrfleet.gateway.system;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Examples of the requests and typical answers in the API description (field order kept: it is compared as text). */
final class Examples {

    private static final String JOB = "0192f0c4-6b1e-7c3a-9d2e-5f4a3b2c1d0e";
    private static final String BATCH = "0192f0c5-2a4b-7d1e-8f3c-1b2a3c4d5e6f";

    private Examples() {}

    static void add(String operation, Operation op) {
        ApiResponses answers = op.getResponses();
        switch (operation) {
            case "post /api/v1/jobs" -> {
                op.getRequestBody()
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples(
                                "raw",
                                example(
                                        "Raw content with options",
                                        fields(
                                                "content",
                                                "https://example.com",
                                                "format",
                                                "png",
                                                "size",
                                                512,
                                                "errorCorrection",
                                                "M")))
                        .addExamples(
                                "wifi",
                                example(
                                        "Typed content: the gateway builds and escapes the WIFI: string",
                                        fields(
                                                "type",
                                                "wifi",
                                                "data",
                                                fields(
                                                        "ssid",
                                                        "Home;Net",
                                                        "password",
                                                        "p:w",
                                                        "encryption",
                                                        "WPA",
                                                        "hidden",
                                                        false))));
                answers.get("202")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples("queued", example("Queued", job("QUEUED")));
                answers.get("422")
                        .getContent()
                        .get(ApiAnswers.PROBLEM)
                        .setExamples(new LinkedHashMap<>(Map.of(
                                "size",
                                example(
                                        "A value out of range",
                                        fields(
                                                "type",
                                                "about:blank",
                                                "title",
                                                "Unprocessable Content",
                                                "status",
                                                422,
                                                "detail",
                                                "size must be between 64 and 2048 pixels",
                                                "instance",
                                                "/api/v1/jobs",
                                                "errors",
                                                List.of(fields(
                                                        "field",
                                                        "size",
                                                        "message",
                                                        "must be between 64 and 2048 pixels")))))));
            }
            case "get /api/v1/jobs" ->
                answers.get("200")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples(
                                "page",
                                example(
                                        "A page of the key's jobs",
                                        fields(
                                                "items",
                                                List.of(job("DONE")),
                                                "nextCursor",
                                                "MjAyNi0xMS0zMFQwNjowMDowMFp8MDE5MmYwYzQ")));
            case "get /api/v1/jobs/{id}" ->
                answers.get("200")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples("done", example("Finished", job("DONE")))
                        .addExamples("queued", example("Not yet", job("QUEUED")));
            case "post /api/v1/batches" -> {
                op.getRequestBody()
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples(
                                "json",
                                example(
                                        "Defaults and rows",
                                        fields(
                                                "defaults",
                                                fields("size", 256, "format", "png"),
                                                "items",
                                                List.of(
                                                        fields("content", "https://example.com/a", "filename", "a.png"),
                                                        fields("content", "https://example.com/b")))));
                op.getRequestBody()
                        .getContent()
                        .get("text/csv")
                        .addExamples(
                                "csv",
                                example(
                                        "A header row, then rows",
                                        "content,filename\nhttps://example.com/a,a.png\nhttps://example.com/b,\n"));
                answers.get("202")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples("queued", example("Queued", batch(false)));
            }
            case "get /api/v1/batches/{id}" ->
                answers.get("200")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples("done", example("Finished", batch(true)));
            case "get /api/health" -> {
                answers.get("200").getContent().get(ApiAnswers.JSON).addExamples("up", example("Up", health("UP")));
                answers.get("503")
                        .getContent()
                        .get(ApiAnswers.JSON)
                        .addExamples("down", example("The database is down", health("DOWN")));
            }
            default -> {}
        }
    }

    static Example problem(int status, String detail) {
        return example(
                HttpStatus.valueOf(status).getReasonPhrase(),
                fields(
                        "type",
                        "about:blank",
                        "title",
                        HttpStatus.valueOf(status).getReasonPhrase(),
                        "status",
                        status,
                        "detail",
                        detail));
    }

    private static Map<String, Object> job(String status) {
        Map<String, Object> job = fields(
                "id",
                JOB,
                "status",
                status,
                "createdAt",
                "2026-11-30T06:00:00Z",
                "updatedAt",
                status.equals("DONE") ? "2026-11-30T06:00:00.052Z" : "2026-11-30T06:00:00Z",
                "request",
                fields(
                        "content",
                        "https://example.com",
                        "format",
                        "png",
                        "size",
                        512,
                        "margin",
                        4,
                        "errorCorrection",
                        "M",
                        "foreground",
                        "#000000",
                        "background",
                        "#FFFFFF"));
        if (status.equals("DONE")) {
            job.put("imageUrl", "/api/v1/jobs/" + JOB + "/image");
        }
        job.put("verified", status.equals("DONE"));
        if (status.equals("DONE")) {
            job.put("verification", "GRID");
        }
        return job;
    }

    private static Map<String, Object> batch(boolean done) {
        Map<String, Object> batch = fields(
                "id",
                BATCH,
                "status",
                done ? "DONE" : "QUEUED",
                "createdAt",
                "2026-11-30T06:00:00Z",
                "total",
                2,
                "counts",
                fields("pending", done ? 0 : 2, "done", done ? 2 : 0, "failed", 0, "invalid", 0),
                "progress",
                done ? 1.0 : 0.0,
                "estimatedSecondsLeft",
                done ? 0 : 1);
        if (done) {
            batch.put("archiveUrl", "/api/v1/batches/" + BATCH + "/archive");
        }
        batch.put("errors", List.of());
        return batch;
    }

    private static Map<String, Object> health(String status) {
        return fields(
                "status",
                status,
                "components",
                fields(
                        "database",
                        fields("status", status),
                        "broker",
                        fields("status", "UP"),
                        "storage",
                        fields("status", "UP"),
                        "disk",
                        fields("status", "UP", "free", 52_428_800_000L, "threshold", 104_857_600)));
    }

    private static Example example(String summary, Object value) {
        return new Example().summary(summary).value(value);
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
