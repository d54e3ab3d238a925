package io.qrfleet.worker.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.batch.BatchItem;
import io.qrfleet.contract.batch.BatchRecord;
import io.qrfleet.contract.batch.ItemResult;
import io.qrfleet.worker.AbstractWorkerIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Batches under a two-second retention: an expired batch goes with all its objects, a kept batch's
 * images survive although they are older than the retention, leftovers of a withdrawn batch go.
 */
@TestPropertySource(properties = {"qr.janitor.retention=2s", "qr.janitor.stuck-after=2s"})
@ActiveProfiles(JanitorCommand.PROFILE)
class JanitorBatchIT extends AbstractWorkerIT {

    @Autowired
    Janitor janitor;

    @Test
    void batchesAreCataloguedExpiredAndTheirImagesKept() {
        RenderRequest keptRequest = request("kept row");
        String keptImage = StorageKeys.image(keptRequest);
        objects.put(keptImage, new byte[] {1}, "image/png");
        String kept = batch(Instant.now().plus(Duration.ofDays(1)), keptRequest); // the 2 s retention cannot expire it
        objects.put(StorageKeys.batchDone(kept, 1), json.writeValueAsBytes(ItemResult.done(1, keptImage, Instant.now())),
                "application/json");
        String expired = batch(Instant.now().minus(Duration.ofDays(1)), request("expired row"));
        String withdrawn = JobId.next();
        objects.put(StorageKeys.batchItems(withdrawn), "[]".getBytes(), "application/json");
        objects.put("batches/stray.txt", new byte[] {0}, "text/plain");

        // until the withdrawn batch's items are stale and the unreferenced image has expired
        CatalogReport report = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(janitor::run, r -> r.actions().deletedBatchLeftovers() > 0);

        assertThat(keys(StorageKeys.batchPrefix(expired))).isEmpty();
        assertThat(objects.exists(StorageKeys.batch(expired))).isFalse();
        assertThat(keys(StorageKeys.batchPrefix(withdrawn))).isEmpty();
        assertThat(objects.exists(StorageKeys.batch(kept))).isTrue();
        assertThat(keys(StorageKeys.batchPrefix(kept))).hasSize(2);
        assertThat(objects.exists(keptImage)).isTrue();
        assertThat(report.batches().count()).isEqualTo(1);
        assertThat(report.batches().rows()).isEqualTo(1);
        assertThat(report.batches().done()).isEqualTo(1);
        assertThat(report.anomalies().unexpectedKeySamples()).contains("batches/stray.txt")
                .noneMatch(key -> key.startsWith(StorageKeys.batchPrefix(kept)) || key.equals(StorageKeys.batch(kept)));
    }

    private String batch(Instant createdAt, RenderRequest request) {
        String id = JobId.next();
        objects.put(StorageKeys.batchItems(id), json.writeValueAsBytes(List.of(new BatchItem(1, "1.png", request))),
                "application/json");
        objects.put(StorageKeys.batch(id), json.writeValueAsBytes(new BatchRecord(id, createdAt, 1, 1, List.of())),
                "application/json");
        return id;
    }

    private List<String> keys(String prefix) {
        return objects.list(prefix).map(ObjectSummary::key).toList();
    }
}
