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
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few S3 operations QR Fleet needs, on one bucket. Missing objects are {@link Optional#empty()};
 * every other failure is a {@link StorageException}. The bucket is created on first use if missing.
 */
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketReady;

    public ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
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
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("Created bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    public void put(String key, byte[] bytes, String contentType) {
        ensureBucket();
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
    }

    public Optional<byte[]> get(String key) {
        return open(key).map(object -> {
            try (object) {
                return object.body().readAllBytes();
            } catch (java.io.IOException e) {
                throw new StorageException("reading " + key + " failed", e);
            }
        });
    }

    public Optional<StoredObject> open(String key) {
        ensureBucket();
        return optional(() -> {
            GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            String length = response.headers().get("Content-Length");
            return new StoredObject(response, length == null ? -1 : Long.parseLong(length),
                    response.headers().get("Content-Type"));
        });
    }

    public boolean exists(String key) {
        ensureBucket();
        return optional(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())).isPresent();
    }

    /** Every object under the prefix, paged through lazily by the client. */
    public Stream<ObjectSummary> list(String prefix) {
        ensureBucket();
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build());
        return StreamSupport.stream(items.spliterator(), false).map(result -> call(() -> {
            Item item = result.get();
            return new ObjectSummary(item.objectName(), item.size(), item.lastModified().toInstant());
        }));
    }

    public void delete(String key) {
        ensureBucket();
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private <T> Optional<T> optional(S3Call<T> call) {
        try {
            return Optional.of(call.run());
        } catch (ErrorResponseException e) {
            if (e.response() != null && e.response().code() == 404) {
                return Optional.empty();
            }
            throw new StorageException("storage request failed: " + e.errorResponse().code(), e);
        } catch (Exception e) {
            throw new StorageException("storage unreachable: " + e.getMessage(), e);
        }
    }

    private <T> T call(S3Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new StorageException("storage request failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
