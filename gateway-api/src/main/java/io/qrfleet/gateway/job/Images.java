package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A stored image as an answer, for a job's image and a code by URL: its ETag is the content key,
 * known before storage is asked, so a current copy is confirmed (304) without reading it.
 */
final class Images {

    private Images() {
    }

    static String etag(RenderRequest request) {
        return "\"" + request.contentKey() + "\"";
    }

    /** Whether {@code If-None-Match} (may be null) names {@code etag}: a list, weak or strong, or "*" (RFC 9110). */
    static boolean notModified(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }

    static ResponseEntity<StreamingResponseBody> notModified(String etag, CacheControl cache) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
    }

    static Optional<StoredObject> open(ObjectStore objects, String key) {
        try {
            return objects.open(key);
        } catch (StorageException e) {
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
    }

    static ResponseEntity<StreamingResponseBody> ok(StoredObject image, RenderRequest request, String etag, CacheControl cache) {
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
}
