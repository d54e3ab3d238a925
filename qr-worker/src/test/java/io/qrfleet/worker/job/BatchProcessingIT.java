package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.ErrorCorrection;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.batch.BatchItemMessage;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.worker.AbstractWorkerIT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The worker consuming batch rows from the real bulk queue, storing images, reporting each row's result. */
class BatchProcessingIT extends AbstractWorkerIT {

    @Autowired
    InteractiveLoad load;

    @BeforeEach
    void emptyDeadLetters() {
        admin.purgeQueue(topology.deadLetterQueue(), false);
    }

    @Test
    void rowsAreRenderedVerifiedAndReportedDone() {
        String batch = JobId.next();
        List<RenderRequest> requests = List.of(
                request("row one", Format.PNG), request("row two", Format.SVG), request("row three", Format.PNG));
        for (int row = 1; row <= 3; row++) {
            publish(new BatchItemMessage(batch, row, requests.get(row - 1)));
        }

        for (JobResult result : List.of(1, 2, 3).stream()
                .map(row -> result(batch, JobStatus.DONE))
                .toList()) {
            RenderRequest request = requests.get(result.row() - 1);
            assertThat(result.imageKey()).isEqualTo(StorageKeys.image(request));
            if (request.format() == Format.PNG) {
                assertThat(QrVerifier.verify(
                                request, objects.get(result.imageKey()).orElseThrow(), Verification.FULL))
                        .isTrue();
            }
        }
    }

    /** No lookup before the upload: the second row writes the same object again. */
    @Test
    void rowsOfOneRequestShareOneImage() {
        String batch = JobId.next();
        RenderRequest request = request("shared", Format.PNG);
        publish(new BatchItemMessage(batch, 1, request));
        JobResult first = result(batch, JobStatus.DONE);
        byte[] stored = objects.get(first.imageKey()).orElseThrow();

        publish(new BatchItemMessage(batch, 2, request));

        JobResult second = result(batch, JobStatus.DONE);
        assertThat(second.row()).isEqualTo(2);
        assertThat(second.imageKey()).isEqualTo(first.imageKey());
        assertThat(objects.get(first.imageKey())).hasValue(stored);
    }

    @Test
    void poisonRowIsDeadLetteredWithAFailedResult() {
        String batch = JobId.next();
        RenderRequest impossible =
                new RenderRequest("x".repeat(1000), Format.PNG, 64, 4, ErrorCorrection.L, "#000000", "#FFFFFF");
        publish(new BatchItemMessage(batch, 1, impossible));

        JobResult failed = result(batch, JobStatus.FAILED);

        assertThat(failed.row()).isEqualTo(1);
        assertThat(failed.error()).startsWith("cannot render");
        assertThat(deadLetter().getMessageProperties().getMessageId()).isEqualTo(batch + ":1");
    }

    @Test
    void bulkRowsWaitWhileInteractiveJobsAreInFlight() {
        String batch = JobId.next();
        load.started();
        try {
            publish(new BatchItemMessage(batch, 1, request("after the interactive job", Format.PNG)));
            assertThat(resultsFor(batch, Duration.ofSeconds(2))).isEmpty();
        } finally {
            load.finished();
        }
        assertThat(result(batch, JobStatus.DONE).row()).isEqualTo(1);
    }

    private static RenderRequest request(String content, Format format) {
        return new JobRequest(content + " " + JobId.next(), format.extension(), 128, 2, null, null, null)
                .toRenderRequest();
    }

    private void publish(BatchItemMessage item) {
        publish(Topology.BULK_ROUTING_KEY, item.messageId(), item);
    }
}
