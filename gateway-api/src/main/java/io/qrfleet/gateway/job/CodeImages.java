package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.auth.Owner;
import io.qrfleet.gateway.web.RetryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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
    private static final CacheControl PUBLIC = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    /** A code that holds a secret: the client may keep it, no shared cache may. */
    private static final CacheControl PRIVATE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
    private static final long RETRY_RENDERING_SECONDS = 2;
    private static final List<String> SECRET_SCHEMES = List.of("WIFI:", "otpauth:", "otpauth-migration:");

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
        String etag = Images.etag(request);
        CacheControl cache = holdsSecret(request) ? PRIVATE : PUBLIC;
        if (Images.notModified(http.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Images.notModified(etag, cache);
        }
        String key = StorageKeys.image(request);
        StoredObject image = Images.open(objects, key).orElseGet(() -> rendered(request, key, http));
        return Images.ok(image, request, etag, cache);
    }

    private StoredObject rendered(RenderRequest request, String key, HttpServletRequest http) {
        Job job = jobs.submitCode(request, Owner.of(http), requester(http));
        Job finished = completions.await(job.id(), properties.renderWait(), () -> jobs.find(job.id()).orElseThrow());
        if (finished.status() == JobStatus.FAILED) {
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR,
                    "The code could not be rendered: " + finished.error());
        }
        Optional<StoredObject> image = finished.status() == JobStatus.DONE ? Images.open(objects, key) : Optional.empty();
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

    /** A Wi-Fi code holds its password, an otpauth one its key. */
    private static boolean holdsSecret(RenderRequest request) {
        return SECRET_SCHEMES.stream().anyMatch(scheme -> request.content().regionMatches(true, 0, scheme, 0, scheme.length()));
    }
}
