package io.qrfleet.worker.system;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The deliveries this worker is working on and since when: {@link Heartbeat} stops beating when
 * one has been held for longer than any job can take, so the worker turns unhealthy instead of
 * sitting on messages it will not finish.
 */
@Component
public class Progress {

    private final Clock clock;
    private final Map<Delivery, Instant> inFlight = new ConcurrentHashMap<>();

    Progress(Clock clock) {
        this.clock = clock;
    }

    /** Marks a delivery as being worked on until the returned handle is closed. */
    public Delivery begin() {
        Delivery delivery = new Delivery();
        inFlight.put(delivery, clock.instant());
        return delivery;
    }

    Optional<Instant> oldestStart() {
        return inFlight.values().stream().min(Instant::compareTo);
    }

    /** One delivery in progress; closing it marks it settled. */
    public final class Delivery implements AutoCloseable {

        private Delivery() {}

        @Override
        public void close() {
            inFlight.remove(this);
        }
    }
}
