package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Secrets;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.auth.Owner;
import io.qrfleet.gateway.web.RetryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The answer to a code by URL: the stored image at once; else the code is queued (or the job
 * already under way for it joined) and the request waits for it, up to {@code qr.code.render-wait}.
 */
@Component
class CodeImages {

    /** The image follows from the URL: any cache may keep it, for good. */
    private static final CacheControl PUBLIC =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    /** A code that holds a secret: the client may keep it, no shared cache may. */
    private static final CacheControl PRIVATE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

    private static final long RETRY_RENDERING_SECONDS = 2;

    private final JobService jobs;
    private final ObjectStore objects;
    private final CompletionWaiter completions;
    private final CodeProperties properties;

    CodeImages(JobService jobs, ObjectStore objects, CompletionWaiter completions, CodeProperties properties) {
        this.jobs = jobs;
        this.objects = objects;
        this.completions = completions;
        this.properties = properties;
    }

    ResponseEntity<StreamingResponseBody> answer(RenderRequest request, HttpServletRequest http) {
        String tenant = Owner.tenant(http);
        String key = StorageKeys.image(request, tenant);
        String etag = Images.etag(key);
        CacheControl cache = Secrets.heldIn(request.content()) ? PRIVATE : PUBLIC;
        List<String> ifNoneMatch = Images.ifNoneMatch(http);
        if (Images.names(ifNoneMatch, etag) || (ifNoneMatch.contains("*") && Images.exists(objects, key))) {
            return Images.notModified(etag, cache);
        }
        StoredObject image = Images.open(objects, key).orElseGet(() -> rendered(request, key, tenant, http));
        return Images.ok(image, request, etag, cache);
    }

    private StoredObject rendered(RenderRequest request, String key, String tenant, HttpServletRequest http) {
        Job job = jobs.submitCode(request, key, Owner.of(http), tenant);
        Job finished = completions.await(
                job.id(), properties.renderWait(), () -> jobs.find(job.id()).orElseThrow());
        if (finished.status() == JobStatus.FAILED) {
            throw new ResponseStatusException(
                    HttpStatus.INTERNAL_SERVER_ERROR, "The code could not be rendered: " + finished.error());
        }
        Optional<StoredObject> image =
                finished.status() == JobStatus.DONE ? Images.open(objects, key) : Optional.empty();
        return image.orElseThrow(() -> new RetryLaterException(
                RetryLaterException.Reason.NOT_READY,
                "The code is queued and not rendered yet; ask again after Retry-After.",
                RETRY_RENDERING_SECONDS));
    }
}
