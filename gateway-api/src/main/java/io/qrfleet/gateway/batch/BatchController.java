package io.qrfleet.gateway.batch;

import io.qrfleet.gateway.GatewayProperties;
import io.qrfleet.gateway.auth.Owner;
import io.qrfleet.gateway.job.QueryParameters;
import io.qrfleet.gateway.web.IdempotencyKey;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;

@RestController
@RequestMapping(BatchPaths.BATCHES)
class BatchController {

    private static final int PARSING_AT_ONCE = 2;

    /** Status reads name at most this many worker failures; the manifest has them all. */
    private static final int FAILURES_IN_VIEW = 100;

    private static final String CSV = "text/csv";
    private static final String SKIP_INVALID = "skipInvalid";
    /** A CSV batch's query: its options' defaults and skipInvalid; anything else (a typo) is a 400. */
    private static final Set<String> CSV_PARAMETERS = Stream.concat(
                    BatchReader.OPTION_FIELDS.stream(), Stream.of(SKIP_INVALID))
            .collect(Collectors.toUnmodifiableSet());

    private final BatchService batches;
    private final BatchReader reader;
    private final BatchRepository store;
    private final BatchArchive archive;
    private final int maxItems;
    private final Semaphore parsing = new Semaphore(PARSING_AT_ONCE);
    private final Clock clock;

    BatchController(
            BatchService batches,
            BatchReader reader,
            BatchRepository store,
            BatchArchive archive,
            GatewayProperties properties,
            Clock clock) {
        this.clock = clock;
        this.batches = batches;
        this.reader = reader;
        this.store = store;
        this.archive = archive;
        this.maxItems = properties.batchMaxItems();
    }

    @Operation(
            summary = "Submit a batch as JSON",
            description =
                    "{\"defaults\": {…options}, \"items\": [{…request, "
                            + "\"filename\"}]}. Answers 202 once every row is queued; 422 lists bad rows unless skipInvalid=true.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @io.swagger.v3.oas.annotations.Parameter(
            name = IdempotencyKey.HEADER,
            in = ParameterIn.HEADER,
            description = IdempotencyKey.DESCRIPTION,
            schema =
                    @Schema(
                            type = "string",
                            minLength = 1,
                            maxLength = IdempotencyKey.MAX_LENGTH,
                            pattern = IdempotencyKey.PATTERN))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchView> submitJson(
            HttpServletRequest request,
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
            @RequestParam(defaultValue = "false") boolean skipInvalid) {
        new QueryParameters(query, Set.of(SKIP_INVALID));
        return accepted(batches.submit(
                bounded(() -> {
                    try {
                        return reader.readJson(request.getInputStream(), maxItems);
                    } catch (IOException | JacksonException e) {
                        // ProblemHandler's answer to an unreadable body: 400, or 413 when it was too large
                        throw new HttpMessageNotReadableException(
                                "The batch body could not be read.", e, new ServletServerHttpRequest(request));
                    }
                }),
                skipInvalid,
                Owner.of(request),
                Owner.tenant(request),
                IdempotencyKey.of(request)));
    }

    @Operation(
            summary = "Submit a batch as CSV",
            description = "UTF-8, a header row of request fields and filename; "
                    + "render options in the query string are the defaults.")
    @io.swagger.v3.oas.annotations.Parameter(
            name = IdempotencyKey.HEADER,
            in = ParameterIn.HEADER,
            description = IdempotencyKey.DESCRIPTION,
            schema =
                    @Schema(
                            type = "string",
                            minLength = 1,
                            maxLength = IdempotencyKey.MAX_LENGTH,
                            pattern = IdempotencyKey.PATTERN))
    @PostMapping(consumes = CSV)
    ResponseEntity<BatchView> submitCsv(
            @RequestBody byte[] body,
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
            @RequestParam(defaultValue = "false") boolean skipInvalid,
            HttpServletRequest request) {
        QueryParameters options = new QueryParameters(query, CSV_PARAMETERS);
        return accepted(batches.submit(
                bounded(() -> reader.readCsv(body, options, maxItems)),
                skipInvalid,
                Owner.of(request),
                Owner.tenant(request),
                IdempotencyKey.of(request)));
    }

    @Operation(summary = "Read a batch", description = "Counts by status, progress and an estimate of the time left.")
    @GetMapping("/{id}")
    BatchView get(@PathVariable String id) {
        Batch batch = load(id);
        return BatchView.of(batch, store.progress(batch.id(), FAILURES_IN_VIEW), clock.instant());
    }

    @Operation(
            summary = "Download the images and manifest.csv as a ZIP",
            description = "409 until the batch is DONE, unless partial=true.")
    @GetMapping("/{id}/archive")
    ResponseEntity<StreamingResponseBody> archive(
            @PathVariable String id, @RequestParam(defaultValue = "false") boolean partial) {
        Batch batch = load(id);
        BatchView view = BatchView.of(batch, store.progress(batch.id(), 0), clock.instant());
        if (view.status() != BatchStatus.DONE && !partial) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "The batch is " + view.status() + " (" + view.counts().pending()
                            + " rows pending); ask with partial=true for what is finished so far.");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("batch-" + batch.id() + (view.status() == BatchStatus.DONE ? "" : "-partial")
                                        + ".zip")
                                .build()
                                .toString())
                .body(out -> archive.write(batch, out));
    }

    /**
     * At most {@link #PARSING_AT_ONCE} batch bodies are read at a time: each may take tens of MB
     * of heap while it is turned into rows. A submission that cannot start within 10 s gets a 503.
     */
    private BatchReader.BatchInput bounded(Supplier<BatchReader.BatchInput> read) {
        try {
            if (!parsing.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new ServiceUnavailableException("Too many batches are being read at once.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while waiting to read the batch.", e);
        }
        try {
            return read.get();
        } finally {
            parsing.release();
        }
    }

    private ResponseEntity<BatchView> accepted(Batch batch) {
        BatchView view = BatchView.of(batch, BatchRepository.Progress.NONE, batch.createdAt());
        return ResponseEntity.accepted()
                .location(URI.create(BatchPaths.batch(batch.id())))
                .body(view);
    }

    private Batch load(String id) {
        return batches.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No batch with this id."));
    }
}
