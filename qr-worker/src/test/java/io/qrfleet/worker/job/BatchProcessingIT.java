package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.batch.BatchItemMessage;
import io.qrfleet.contract.batch.BatchRecord;
import io.qrfleet.contract.batch.ItemResult;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.contract.render.RenderedCode;
import io.qrfleet.worker.AbstractWorkerIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;

/** The worker consuming batch rows from the real bulk queue and writing result markers to a real S3 server. */
class BatchProcessingIT extends AbstractWorkerIT {

    @Autowired
    MeterRegistry meters;

    @Autowired
    InteractiveLoad load;

    @BeforeEach
    void emptyDeadLetters() {
        admin.purgeQueue(Topology.DEAD_LETTER_QUEUE, false);
    }

    @Test
    void rowsAreRenderedVerifiedAndMarkedDone() {
        String batch = batch(3);
        List<RenderRequest> requests = List.of(request("row one", Format.PNG), request("row two", Format.SVG),
                request("row three", Format.PNG));
        for (int row = 1; row <= 3; row++) {
            publish(new BatchItemMessage(batch, row, requests.get(row - 1)));
        }

        for (int row = 1; row <= 3; row++) {
            ItemResult result = awaitMarker(StorageKeys.batchDone(batch, row));
            RenderRequest request = requests.get(row - 1);
            assertThat(result.row()).isEqualTo(row);
            assertThat(result.verified()).isTrue();
            assertThat(result.imageKey()).isEqualTo(StorageKeys.image(request));
            if (request.format() == Format.PNG) {
                assertThat(QrVerifier.verify(request, new RenderedCode(objects.get(result.imageKey()).orElseThrow(), null)))
                        .isTrue();
            }
        }
    }

    @Test
    void existingImageIsNotRenderedAgainAndRedeliveryIsHarmless() {
        String batch = batch(2);
        RenderRequest request = request("shared", Format.PNG);
        publish(new BatchItemMessage(batch, 1, request));
        awaitMarker(StorageKeys.batchDone(batch, 1));
        long renders = meters.timer("qr.render").count();

        publish(new BatchItemMessage(batch, 2, request));
        publish(new BatchItemMessage(batch, 1, request));

        awaitMarker(StorageKeys.batchDone(batch, 2));
        await().atMost(PATIENCE).until(() -> admin.getQueueInfo(Topology.BULK_QUEUE).getMessageCount() == 0);
        assertThat(meters.timer("qr.render").count()).isEqualTo(renders);
        assertThat(objects.exists(StorageKeys.batchFailed(batch, 1))).isFalse();
    }

    @Test
    void rowsOfAWithdrawnBatchAreDropped() {
        String withdrawn = JobId.next();
        publish(new BatchItemMessage(withdrawn, 1, request("nobody waits", Format.PNG)));

        await().atMost(PATIENCE).until(() -> admin.getQueueInfo(Topology.BULK_QUEUE).getMessageCount() == 0);
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE)
                .until(() -> objects.list(StorageKeys.batchPrefix(withdrawn)).findAny().isEmpty());
    }

    @Test
    void poisonRowIsDeadLetteredWithAFailedMarker() {
        String batch = batch(1);
        RenderRequest impossible = new RenderRequest("x".repeat(1000), Format.PNG, 64, 4, ErrorCorrection.L,
                "#000000", "#FFFFFF");
        publish(new BatchItemMessage(batch, 1, impossible));

        ItemResult failed = awaitMarker(StorageKeys.batchFailed(batch, 1));

        assertThat(failed.error()).startsWith("cannot render");
        Message dead = deadLetter();
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(batch + ":1");
        assertThat(objects.exists(StorageKeys.batchDone(batch, 1))).isFalse();
    }

    @Test
    void bulkRowsWaitWhileInteractiveJobsAreInFlight() {
        String batch = batch(1);
        load.started();
        try {
            publish(new BatchItemMessage(batch, 1, request("after the interactive job", Format.PNG)));
            await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                    .until(() -> !objects.exists(StorageKeys.batchDone(batch, 1)));
        } finally {
            load.finished();
        }
        awaitMarker(StorageKeys.batchDone(batch, 1));
    }

    private String batch(int rows) {
        String id = JobId.next();
        objects.put(StorageKeys.batch(id), json.writeValueAsBytes(new BatchRecord(id, Instant.now(), rows, rows, List.of())),
                "application/json");
        return id;
    }

    private static RenderRequest request(String content, Format format) {
        return new JobRequest(content + " " + JobId.next(), format.extension(), 128, 2, null, null, null).toRenderRequest();
    }

    private void publish(BatchItemMessage item) {
        publish(Topology.BULK_ROUTING_KEY, item.messageId(), item);
    }

    private ItemResult awaitMarker(String key) {
        return await().atMost(PATIENCE).until(() -> objects.get(key), marker -> marker.isPresent())
                .map(bytes -> json.readValue(bytes, ItemResult.class)).orElseThrow();
    }
}
