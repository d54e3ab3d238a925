package io.qrfleet.common.test;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.List;

/** Lists what a test's bucket really holds, to prove that nothing was (or was) written. */
public final class BucketContents {

    private BucketContents() {
    }

    public static List<String> keys(MinioClient client, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list bucket " + bucket, e);
        }
        return keys;
    }
}
