package io.qrfleet.worker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qrfleet.worker.AbstractWorkerIT;
import io.qrfleet.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The heartbeat follows progress: it stops while a delivery is held past qr.worker.stuck-after. */
@TestPropertySource(
        properties = {
            "qr.worker.stuck-after=200ms",
            "qr.worker.heartbeat-file=${java.io.tmpdir}/qr-worker-heartbeat-it.heartbeat"
        })
class HeartbeatIT extends AbstractWorkerIT {

    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    @Autowired
    Heartbeat heartbeat;

    @Autowired
    Progress progress;

    @Autowired
    WorkerProperties properties;

    @Test
    void aDeliveryHeldTooLongStopsTheHeartbeatUntilItIsSettled() throws IOException {
        await().atMost(PATIENCE).until(() -> {
            heartbeat.beat(); // the consumers have started
            return Files.exists(properties.heartbeatFile());
        });

        try (Progress.Delivery held = progress.begin()) {
            assertThat(beatsNow())
                    .as("a fresh delivery does not stop the heartbeat")
                    .isTrue();

            await().atMost(PATIENCE).until(() -> !beatsNow());
        }
        assertThat(beatsNow()).as("settled: the heartbeat is back").isTrue();
    }

    /** Backdates the file, beats once, and tells whether the beat touched it. */
    private boolean beatsNow() throws IOException {
        Files.setLastModifiedTime(properties.heartbeatFile(), LONG_AGO);
        heartbeat.beat();
        return !Files.getLastModifiedTime(properties.heartbeatFile()).equals(LONG_AGO);
    }
}
