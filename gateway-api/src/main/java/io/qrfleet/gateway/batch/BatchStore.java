package io.qrfleet.gateway.batch;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.batch.BatchItem;
import io.qrfleet.contract.batch.BatchRecord;
import io.qrfleet.contract.batch.ItemResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's side of the batch layout in the bucket (see {@link StorageKeys}). */
@Component
class BatchStore {

    private static final Logger log = LoggerFactory.getLogger(BatchStore.class);
    private static final String JSON = "application/json";

    private final ObjectStore objects;
    private final JsonMapper json;

    BatchStore(ObjectStore objects, JsonMapper json) {
        this.objects = objects;
        this.json = json;
    }

    /** The item list first: a summary that exists always has its items. */
    void create(BatchRecord batch, List<BatchItem> items) {
        objects.put(StorageKeys.batchItems(batch.id()), json.writeValueAsBytes(items), JSON);
        objects.put(StorageKeys.batch(batch.id()), json.writeValueAsBytes(batch), JSON);
    }

    Optional<BatchRecord> find(String id) {
        return objects.get(StorageKeys.batch(id)).map(bytes -> json.readValue(bytes, BatchRecord.class));
    }

    List<BatchItem> items(String id) {
        return objects.get(StorageKeys.batchItems(id)).map(bytes -> Arrays.asList(json.readValue(bytes, BatchItem[].class)))
                .orElse(List.of());
    }

    /** Counts by listing the markers; only up to {@code readFailures} failed markers are read for their reason. */
    Progress progress(String id, int readFailures) {
        Set<Integer> done;
        try (Stream<ObjectSummary> listing = objects.list(StorageKeys.batchDonePrefix(id))) {
            done = listing.map(o -> row(o.key())).collect(Collectors.toSet());
        }
        TreeMap<Integer, String> failures = new TreeMap<>();
        int failed = 0;
        try (Stream<ObjectSummary> listing = objects.list(StorageKeys.batchFailedPrefix(id))) {
            for (ObjectSummary marker : (Iterable<ObjectSummary>) listing::iterator) {
                int row = row(marker.key());
                if (done.contains(row)) {
                    continue; // a later delivery succeeded
                }
                failed++;
                if (failures.size() < readFailures) {
                    objects.get(marker.key()).map(bytes -> json.readValue(bytes, ItemResult.class))
                            .ifPresent(result -> failures.put(row, result.error()));
                }
            }
        }
        return new Progress(done, failed, failures);
    }

    /** Removes a batch whose items could not all be published; workers skip items of a missing batch. */
    void withdraw(String id) {
        try {
            objects.delete(StorageKeys.batch(id));
            try (Stream<ObjectSummary> listing = objects.list(StorageKeys.batchPrefix(id))) {
                listing.forEach(o -> objects.delete(o.key()));
            }
        } catch (StorageException e) {
            log.warn("Could not remove unpublished batch {}; the janitor will reap it", id, e);
        }
    }

    private static int row(String markerKey) {
        String name = markerKey.substring(markerKey.lastIndexOf('/') + 1);
        return Integer.parseInt(name.substring(0, name.length() - ".json".length()));
    }

    /**
     * @param done rows with an image
     * @param failures reasons of (some of) the failed rows, by row
     */
    record Progress(Set<Integer> done, int failed, TreeMap<Integer, String> failures) {

        static final Progress NONE = new Progress(Set.of(), 0, new TreeMap<>());
    }
}
