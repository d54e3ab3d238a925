package io.qrfleet.common.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few S3 operations QR Fleet needs, on one bucket, through minio-java. Missing objects are
 * {@link Optional#empty()}; every other failure is a {@link StorageException}. The bucket is
 * created on first use if missing.
 */
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    private static final int NOT_FOUND = 404;

    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketReady;

    ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** Creates the bucket once per process if it is missing, before the first object call. */
    public void ensureBucket() {
        if (!bucketReady) {
            createBucketIfMissing();
            bucketReady = true;
        }
    }

    /**
     * Checks the bucket live and creates it if it is missing; idempotent and safe when several
     * services start together. Throws {@link StorageException} when the store is unreachable.
     */
    public void createBucketIfMissing() {
        call("HEAD " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                makeBucket();
            }
            return null;
        });
    }

    private void makeBucket() throws MinioException {
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            log.info("Created bucket {}", bucket);
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) { // another service was first
                throw e;
            }
        }
    }

    public void put(String key, byte[] bytes, String contentType) {
        ensureBucket();
        call(
                "PUT " + key,
                () -> client.putObject(PutObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .data(bytes, bytes.length)
                        .contentType(contentType)
                        .build()));
    }

    public Optional<byte[]> get(String key) {
        return open(key).map(object -> {
            try (object) {
                return object.body().readAllBytes();
            } catch (IOException e) {
                throw new StorageException("reading " + key + " failed: " + e, e);
            }
        });
    }

    /** The open body of the object, or empty if it does not exist; the caller closes it. */
    public Optional<StoredObject> open(String key) {
        ensureBucket();
        return absentIfNotFound("GET " + key, () -> {
            GetObjectResponse response = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build());
            String length = response.headers().get("Content-Length");
            return new StoredObject(
                    response,
                    length == null ? -1 : Long.parseLong(length),
                    response.headers().get("Content-Type"));
        });
    }

    /** The object's size in bytes, or empty if it does not exist. */
    public OptionalLong size(String key) {
        ensureBucket();
        return absentIfNotFound(
                        "HEAD " + key,
                        () -> client.statObject(StatObjectArgs.builder()
                                        .bucket(bucket)
                                        .object(key)
                                        .build())
                                .size())
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** An object as a listing shows it. */
    public record Listed(String key, long size, Instant lastModified) {}

    /**
     * Every object under {@code prefix}, in pages of up to {@code pageSize}, fetched as they are
     * iterated (one S3 list request a page): a bucket of any size in bounded memory.
     */
    public Iterable<List<Listed>> list(String prefix, int pageSize) {
        ensureBucket();
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .recursive(true)
                .maxKeys(pageSize)
                .build());
        return () -> new Iterator<>() {
            private final Iterator<Result<Item>> next = items.iterator();

            @Override
            public boolean hasNext() {
                return call("LIST " + prefix, next::hasNext);
            }

            @Override
            public List<Listed> next() {
                List<Listed> page = new ArrayList<>(pageSize);
                while (page.size() < pageSize && hasNext()) {
                    Item item = call("LIST " + prefix, () -> next.next().get());
                    page.add(new Listed(
                            item.objectName(), item.size(), item.lastModified().toInstant()));
                }
                return page;
            }
        };
    }

    public void delete(String key) {
        ensureBucket();
        call("DELETE " + key, () -> {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private static <T> Optional<T> absentIfNotFound(String what, S3Call<T> s3Call) {
        return call(what, () -> {
            try {
                return Optional.of(s3Call.run());
            } catch (ErrorResponseException e) {
                if (e.response() != null && e.response().code() == NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Runs one S3 call; whatever it throws becomes a {@link StorageException} naming the request. */
    private static <T> T call(String what, S3Call<T> s3Call) {
        try {
            return s3Call.run();
        } catch (ErrorResponseException e) {
            throw new StorageException(
                    "storage request failed: " + what + " answered "
                            + (e.response() == null ? "" : e.response().code() + " ")
                            + e.errorResponse().code(),
                    e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("storage unreachable: " + what + ": " + rootCause(e), e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws MinioException;
    }
}
