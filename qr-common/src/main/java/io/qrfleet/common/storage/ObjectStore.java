package io.qrfleet.common.storage;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
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

    private final S3Client client;
    private final String bucket;
    private volatile boolean bucketReady;

    ObjectStore(S3Client client, String bucket) {
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
        if (!client.bucketExists(bucket)) {
            client.createBucket(bucket);
            log.info("Created bucket {}", bucket);
        }
    }

    public void put(String key, byte[] bytes, String contentType) {
        ensureBucket();
        client.put(bucket, key, bytes, contentType);
    }

    public Optional<byte[]> get(String key) {
        return open(key).map(object -> {
            try (object) {
                return object.body().readAllBytes();
            } catch (IOException e) {
                throw new StorageException("reading " + key + " failed", e);
            }
        });
    }

    public Optional<StoredObject> open(String key) {
        ensureBucket();
        return client.get(bucket, key);
    }

    public boolean exists(String key) {
        ensureBucket();
        return client.exists(bucket, key);
    }

    /** Every object under the prefix; the next page is fetched only when the stream reaches it. */
    public Stream<ObjectSummary> list(String prefix) {
        ensureBucket();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Listing(prefix),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    public void delete(String key) {
        ensureBucket();
        client.delete(bucket, key);
    }

    private final class Listing implements Iterator<ObjectSummary> {

        private final String prefix;
        private Iterator<ObjectSummary> page = Collections.emptyIterator();
        private String token;
        private boolean lastPage;

        Listing(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && !lastPage) { // a page may be empty yet truncated
                ListResult result = client.list(bucket, prefix, token);
                page = result.objects().iterator();
                token = result.nextToken();
                lastPage = token == null;
            }
            return page.hasNext();
        }

        @Override
        public ObjectSummary next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
