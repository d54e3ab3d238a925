package io.qrfleet.worker.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;

/** The heartbeat follows progress: it stops while a delivery is held past qr.worker.stuck-after. */
class HeartbeatTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock();
    private final Progress progress = new Progress(clock);
    private boolean consuming = true;

    @Test
    void aDeliveryHeldTooLongStopsTheHeartbeatUntilItIsSettled() throws IOException {
        Heartbeat heartbeat = heartbeat();

        try (Progress.Delivery held = progress.begin()) {
            clock.now = T0.plus(Duration.ofMinutes(5));
            heartbeat.beat();
            assertThat(lastBeat()).as("held exactly as long as allowed").isEqualTo(clock.now);

            clock.now = T0.plus(Duration.ofMinutes(5)).plusMillis(1);
            heartbeat.beat();
            assertThat(lastBeat()).as("held too long: no beat").isEqualTo(T0.plus(Duration.ofMinutes(5)));
        }
        heartbeat.beat();
        assertThat(lastBeat()).as("settled: the heartbeat is back").isEqualTo(clock.now);
    }

    @Test
    void noBeatWhileAConsumerIsStopped() throws IOException {
        Heartbeat heartbeat = heartbeat();
        heartbeat.beat();

        consuming = false;
        clock.now = T0.plusSeconds(10);
        heartbeat.beat();

        assertThat(lastBeat()).isEqualTo(T0);
    }

    private Heartbeat heartbeat() {
        WorkerProperties properties = new WorkerProperties(
                2,
                2,
                1,
                1,
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(20),
                dir.resolve("heartbeat"),
                Duration.ofMinutes(5),
                100,
                20,
                false);
        return new Heartbeat(new Listeners(), properties, progress, clock);
    }

    private Instant lastBeat() throws IOException {
        return Files.getLastModifiedTime(dir.resolve("heartbeat")).toInstant();
    }

    /** The worker's two listener containers, consuming or not as the test says. */
    private final class Listeners extends RabbitListenerEndpointRegistry {

        @Override
        public java.util.Collection<MessageListenerContainer> getListenerContainers() {
            return List.of(container(), container());
        }

        private MessageListenerContainer container() {
            MessageListenerContainer container = Mockito.mock(MessageListenerContainer.class);
            Mockito.when(container.isRunning()).thenAnswer(invocation -> consuming);
            return container;
        }
    }

    private static final class MovingClock extends Clock {

        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
