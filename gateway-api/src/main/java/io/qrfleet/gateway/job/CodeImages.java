package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.auth.Owner;
import io.qrfleet.gateway.web.RetryLaterException;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The answer to a code by URL: the stored image at once; else the code is queued (or the job
 * already under way for it joined) and the request waits for it, up to {@code qr.code.render-wait}.
 * The ETag is the content key, known before storage is asked, so a revalidation costs nothing.
 */
@Component
class CodeImages {

    /** The image follows from the URL: any cache may keep it, for good. */
    private static final CacheControl PUBLIC = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    /** A Wi-Fi code holds its password: the client may keep it, no shared cache may. */
    private static final CacheControl PRIVATE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
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

    /** Null when the client's copy is current: {@code web} then holds the 304. */
    ResponseEntity<StreamingResponseBody> answer(RenderRequest request, HttpServletRequest http, ServletWebRequest web) {
        String etag = "\"" + request.contentKey() + "\"";
        CacheControl cache = holdsSecret(request) ? PRIVATE : PUBLIC;
        if (web.checkNotModified(etag)) {
            web.getResponse().setHeader(HttpHeaders.CACHE_CONTROL, cache.getHeaderValue());
            return null;
        }
        String key = StorageKeys.image(request);
        StoredObject image = open(key).orElseGet(() -> rendered(request, key, http));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(request.format().mediaType()))
                .eTag(etag)
                .cacheControl(cache);
        if (image.length() >= 0) {
            response.contentLength(image.length());
        }
        return response.body(out -> {
            try (image) {
                image.body().transferTo(out);
            }
        });
    }

    private StoredObject rendered(RenderRequest request, String key, HttpServletRequest http) {
        Job job = jobs.submitCode(request, Owner.of(http), requester(http));
        Job finished = completions.await(job.id(), properties.renderWait(), () -> jobs.find(job.id()).orElseThrow());
        if (finished.status() == JobStatus.FAILED) {
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR,
                    "The code could not be rendered: " + finished.error());
        }
        Optional<StoredObject> image = finished.status() == JobStatus.DONE ? open(key) : Optional.empty();
        return image.orElseThrow(() -> new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE,
                "The code is queued and not rendered yet; ask again after Retry-After.", RETRY_RENDERING_SECONDS));
    }

    /**
     * Whose share of the queue a miss spends: the API key's if the request carries one, else the
     * client address the proxy saw ({@code X-Real-IP}, which the proxy always overwrites; only the
     * proxy reaches the gateway).
     */
    private static String requester(HttpServletRequest http) {
        String owner = Owner.of(http);
        if (!owner.isEmpty()) {
            return "key:" + owner;
        }
        String address = http.getHeader("X-Real-IP");
        return "addr:" + (address != null && address.matches("[0-9A-Fa-f:.]{2,45}") ? address : http.getRemoteAddr());
    }

    private static boolean holdsSecret(RenderRequest request) {
        return request.content().regionMatches(true, 0, "WIFI:", 0, 5);
    }

    private Optional<StoredObject> open(String key) {
        try {
            return objects.open(key);
        } catch (StorageException e) {
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
    }
}
