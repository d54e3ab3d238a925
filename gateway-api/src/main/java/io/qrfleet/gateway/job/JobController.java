package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Duration;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(JobPaths.JOBS)
class JobController {

    /** Images are content-addressed and never change: let browsers and proxies keep them for a year. */
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final JobService jobs;
    private final JobRequestReader reader;
    private final ObjectStore objects;

    JobController(JobService jobs, JobRequestReader reader, ObjectStore objects) {
        this.jobs = jobs;
        this.reader = reader;
        this.objects = objects;
    }

    @Operation(summary = "Submit a QR code job", description = "Answers 202 once the job is safely queued.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody JsonNode body) {
        JobRecord job = jobs.submit(reader.read(body));
        return ResponseEntity.accepted().location(URI.create(JobPaths.job(job.id()))).body(JobView.of(job));
    }

    @Operation(summary = "Read a job", description = "Poll until status is DONE or FAILED.")
    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return JobView.of(load(id));
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
