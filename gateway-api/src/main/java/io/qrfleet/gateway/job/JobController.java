package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.web.BadRequestException;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(JobPaths.JOBS)
class JobController {

    /** Images are content-addressed and never change: let browsers and proxies keep them for a year. */
    /** An image may carry a secret (a Wi-Fi password): the client may keep it, no shared cache may. */
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
    private static final String WAIT_SECONDS = "waitSeconds";
    /** The longest hold; the bundled proxy gives job reads 40 s (infra/nginx/conf.d/default.conf). */
    private static final int MAX_WAIT_SECONDS = 30;

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

    @Operation(summary = "Submit a QR code job", description = "Answers 202 once the job is safely queued.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody JsonNode body) {
        JobRecord job = jobs.submit(reader.read(body));
        return ResponseEntity.accepted().location(URI.create(JobPaths.job(job.id()))).body(JobView.of(job));
    }

    @Operation(summary = "Read a job", description = "Poll until status is DONE or FAILED. With waitSeconds, a QUEUED "
            + "or PROCESSING job is answered when it finishes or after that many seconds, whichever comes first, so one "
            + "request replaces many polls; ask again at once while it is not finished.")
    @GetMapping("/{id}")
    JobView get(@PathVariable String id,
            @Parameter(name = WAIT_SECONDS, description = "Seconds to wait for the job to finish before answering; "
                    + "0 answers at once. A value that is not an integer is a 400, one out of range a 422.",
                    schema = @Schema(type = "integer", minimum = "0", maximum = "" + MAX_WAIT_SECONDS, defaultValue = "0"))
            @RequestParam(name = WAIT_SECONDS, defaultValue = "0") String waitSeconds) {
        Duration wait = waitSeconds(waitSeconds);
        // the waiter reads the record itself (after registering), so a long poll costs no extra read
        return JobView.of(wait.isPositive() ? completions.await(id, wait, () -> load(id)) : load(id));
    }

    @Operation(summary = "Download the image of a finished job")
    @GetMapping("/{id}/image")
    ResponseEntity<StreamingResponseBody> image(@PathVariable String id,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        JobRecord job = load(id);
        if (job.status() != JobStatus.DONE) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The job is " + job.status() + "; the image is not ready.");
        }
        String etag = "\"" + job.request().contentKey() + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(IMMUTABLE).build();
        }
        StoredObject image = open(job.imageKey());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(job.request().format().mediaType()))
                .eTag(etag)
                .cacheControl(IMMUTABLE);
        if (image.length() >= 0) {
            response.contentLength(image.length());
        }
        return response.body(out -> {
            try (image) {
                image.body().transferTo(out);
            }
        });
    }

    /** Like the body: a value that is not an integer is malformed (400), one out of range is invalid (422). */
    private static Duration waitSeconds(String value) {
        BigInteger seconds;
        try {
            seconds = new BigInteger(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(List.of(new Violation(WAIT_SECONDS,
                    "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS)));
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigInteger.valueOf(MAX_WAIT_SECONDS)) > 0) {
            throw new InvalidRequestException(List.of(new Violation(WAIT_SECONDS,
                    "must be between 0 and " + MAX_WAIT_SECONDS + " seconds")));
        }
        return Duration.ofSeconds(seconds.longValue());
    }

    private JobRecord load(String id) {
        return JobId.parse(id).flatMap(jobs::find)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job with this id."));
    }

    private StoredObject open(String key) {
        try {
            return objects.open(key)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "The image has expired."));
        } catch (StorageException e) {
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
    }
}
