package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.auth.Owner;
import io.qrfleet.gateway.web.BadRequestException;
import io.qrfleet.gateway.web.IdempotencyKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(JobPaths.JOBS)
class JobController {

    /** An image may carry a secret (a Wi-Fi password): the client may keep it, no shared cache may. */
    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

    private static final String WAIT_SECONDS = "waitSeconds";
    /** The longest hold; the bundled proxy gives job reads 40 s (infra/nginx/conf.d/default.conf). */
    private static final int MAX_WAIT_SECONDS = 30;

    private static final int MAX_PAGE = 100;

    private final JobService jobs;
    private final JobRequestReader reader;
    private final ObjectStore objects;
    private final CompletionWaiter completions;

    JobController(JobService jobs, JobRequestReader reader, ObjectStore objects, CompletionWaiter completions) {
        this.jobs = jobs;
        this.reader = reader;
        this.objects = objects;
        this.completions = completions;
    }

    @Operation(
            summary = "Submit a QR code job",
            description = "Answers 202 once the job is safely queued. With an "
                    + "Idempotency-Key (kept at least 24 h per API key), a repeat gets the first job's 202, a 422 if its body differs, "
                    + "and a 409 while the first is still being queued.")
    @Parameter(
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
    ResponseEntity<JobView> submit(@RequestBody JsonNode body, HttpServletRequest http) {
        Job job = jobs.submit(reader.read(body), Owner.of(http), Owner.tenant(http), IdempotencyKey.of(http));
        return ResponseEntity.accepted()
                .location(URI.create(JobPaths.job(job.id())))
                .body(JobView.of(job));
    }

    @Operation(
            summary = "List the caller's jobs",
            description =
                    "Newest first, by the API key the request carries; "
                            + "without one (or on a deployment without keys) the list is empty. Pass nextCursor back as cursor for the next page.")
    @GetMapping
    JobPage list(
            HttpServletRequest http,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_PAGE, defaultValue = "20"))
                    @RequestParam(defaultValue = "20")
                    String limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        int size = (int) integer("limit", limit, 1, MAX_PAGE);
        Optional<ListCursor> after = cursor == null
                ? Optional.empty()
                : Optional.of(ListCursor.decode(cursor)
                        .orElseThrow(() -> new BadRequestException(
                                List.of(new Violation("cursor", "is not a cursor this service gave out")))));
        String owner = Owner.of(http);
        if (owner.isEmpty()) {
            return new JobPage(List.of(), null);
        }
        List<Job> page = jobs.page(owner, after, size);
        Job last = page.size() == size ? page.getLast() : null;
        return new JobPage(
                page.stream().map(JobView::of).toList(),
                last == null ? null : new ListCursor(last.createdAt(), last.id()).encode());
    }

    @Operation(
            summary = "Read a job",
            description = "Poll until status is DONE or FAILED. With waitSeconds, a QUEUED "
                    + "or PROCESSING job is answered when it finishes or after that many seconds, whichever comes first, so one "
                    + "request replaces many polls; ask again at once while it is not finished.")
    @GetMapping("/{id}")
    JobView get(
            @PathVariable String id,
            @Parameter(
                            name = WAIT_SECONDS,
                            description =
                                    "Seconds to wait for the job to finish before answering; "
                                            + "0 answers at once. A value that is not an integer is a 400, one out of range a 422.",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            minimum = "0",
                                            maximum = "" + MAX_WAIT_SECONDS,
                                            defaultValue = "0"))
                    @RequestParam(name = WAIT_SECONDS, defaultValue = "0")
                    String waitSeconds) {
        Duration wait = Duration.ofSeconds(integer(WAIT_SECONDS, waitSeconds, 0, MAX_WAIT_SECONDS));
        // the waiter reads the record itself (after registering), so a long poll costs no extra read
        return JobView.of(wait.isPositive() ? completions.await(id, wait, () -> load(id)) : load(id));
    }

    @Operation(summary = "Download the image of a finished job")
    @GetMapping("/{id}/image")
    ResponseEntity<StreamingResponseBody> image(@PathVariable String id, HttpServletRequest http) {
        Job job = load(id);
        if (job.status() == JobStatus.FAILED) { // it never will have one: no poller should wait
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "The job FAILED, so it has no image: " + job.error());
        }
        if (job.status() != JobStatus.DONE) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "The job is " + job.status() + "; the image is not ready.");
        }
        String etag = Images.etag(job.imageKey());
        List<String> ifNoneMatch = Images.ifNoneMatch(http);
        if (Images.names(ifNoneMatch, etag) || ifNoneMatch.contains("*")) { // a DONE job's image exists
            return Images.notModified(etag, IMMUTABLE);
        }
        StoredObject image = Images.open(objects, job.imageKey())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "The image has expired."));
        return Images.ok(image, job.request(), etag, IMMUTABLE);
    }

    /**
     * Like the body: a value that is not an integer is malformed (400), one out of range is invalid
     * (422).
     */
    private static long integer(String name, String value, int min, int max) {
        if (!QueryParameters.WHOLE_NUMBER.matcher(value).matches()) {
            throw new BadRequestException(
                    List.of(new Violation(name, "must be a whole number from " + min + " to " + max)));
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidRequestException(List.of(new Violation(name, "must be between " + min + " and " + max)));
        }
        return number.longValue();
    }

    private Job load(String id) {
        return JobId.parse(id)
                .flatMap(jobs::find)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job with this id."));
    }
}
