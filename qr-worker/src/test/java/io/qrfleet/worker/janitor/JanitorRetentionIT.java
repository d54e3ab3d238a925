package io.qrfleet.worker.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.worker.AbstractWorkerIT;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** With a retention of two seconds, images nobody points to expire; an image a kept job points to never does. */
@TestPropertySource(properties = "qr.janitor.retention=2s")
@ActiveProfiles(JanitorCommand.PROFILE)
class JanitorRetentionIT extends AbstractWorkerIT {

    @Autowired
    Janitor janitor;

    @Test
    void expiredUnreferencedImageIsDeletedAndReferencedOneKept() {
        String unreferenced = StorageKeys.image(request("nobody's"));
        objects.put(unreferenced, new byte[] {1}, "image/png");
        RenderRequest keptRequest = request("kept");
        String referenced = StorageKeys.image(keptRequest);
        objects.put(referenced, new byte[] {2}, "image/png");
        Instant future = Instant.now().plus(Duration.ofDays(1)); // a record the 2 s retention cannot expire
        jobs.save(new JobRecord(JobId.next(), JobStatus.DONE, future, future, keptRequest, 1, referenced, true, null));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> janitor.run().actions().deletedImages() > 0 && !objects.exists(unreferenced));

        assertThat(objects.exists(referenced)).isTrue();
    }
}
