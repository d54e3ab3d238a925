package io.qrfleet.gateway.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A stored image as an answer, for a job's image and a code by URL: its ETag is the hash in its
 * storage key, known before storage is asked, so a current copy is confirmed (304) without reading it.
 */
final class Images {

    private Images() {}

    static String etag(String imageKey) {
        return "\"" + StorageKeys.hash(imageKey) + "\"";
    }

    /** The entity tags of every {@code If-None-Match} line, in order (RFC 9110: the lines make one list). */
    static List<String> ifNoneMatch(HttpServletRequest request) {
        return Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).stream()
                .flatMap(line -> Arrays.stream(line.split(",")))
                .map(String::strip)
                .toList();
    }

    /**
     * Whether the list names {@code etag}, weak or strong. "*" is left to the caller: it matches
     * only an image that exists.
     */
    static boolean names(List<String> ifNoneMatch, String etag) {
        return ifNoneMatch.stream().anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag));
    }

    static ResponseEntity<StreamingResponseBody> notModified(String etag, CacheControl cache) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                .eTag(etag)
                .cacheControl(cache)
                .build();
    }

    /** For "*", which matches any current image: only one that exists. */
    static boolean exists(ObjectStore objects, String key) {
        return storage(() -> objects.size(key).isPresent());
    }

    static Optional<StoredObject> open(ObjectStore objects, String key) {
        return storage(() -> objects.open(key));
    }

    /** A storage call; the store being down is the client's 503. */
    private static <T> T storage(Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
    }

    static ResponseEntity<StreamingResponseBody> ok(
            StoredObject image, RenderRequest request, String etag, CacheControl cache) {
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
