package io.qrfleet.worker.job;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.batch.BatchItemMessage;
import io.qrfleet.contract.batch.ItemResult;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One batch row: the image (rendered only if its content key has none yet), then the row's done
 * marker. Safe to repeat: a redelivered row finds its image and rewrites the same marker.
 */
@Component
class BatchItemProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchItemProcessor.class);
    private static final String JSON = "application/json";

    private final JobProcessor jobs;
    private final ObjectStore objects;
    private final StorageRetry retry;
    private final JsonMapper json;

    BatchItemProcessor(JobProcessor jobs, ObjectStore objects, StorageRetry retry, JsonMapper json) {
        this.jobs = jobs;
        this.objects = objects;
        this.retry = retry;
        this.json = json;
    }

    void process(BatchItemMessage item) throws UnrenderableJobException {
        if (!retry.call("read batch", () -> objects.exists(StorageKeys.batch(item.batchId())))) {
            // the gateway withdrew it after a refused publish, or retention removed it; a withdrawn
            // 10,000-row batch would otherwise log 10,000 lines
            log.debug("Batch {} has no summary; skipping row {}", item.batchId(), item.row());
            return;
        }
        String imageKey = jobs.ensureImage("batch " + item.batchId() + " row " + item.row(), item.request());
        byte[] marker = json.writeValueAsBytes(ItemResult.done(item.row(), imageKey, Instant.now()));
        retry.run("mark row done", () -> objects.put(StorageKeys.batchDone(item.batchId(), item.row()), marker, JSON));
    }

    /** Writes the row's failed marker, unless an earlier delivery already finished it. */
    void fail(BatchItemMessage item, String reason) {
        if (retry.call("look up row", () -> objects.exists(StorageKeys.batchDone(item.batchId(), item.row())))) {
            return;
        }
        byte[] marker = json.writeValueAsBytes(ItemResult.failed(item.row(), reason, Instant.now()));
        retry.run("mark row failed", () -> objects.put(StorageKeys.batchFailed(item.batchId(), item.row()), marker, JSON));
    }
}
