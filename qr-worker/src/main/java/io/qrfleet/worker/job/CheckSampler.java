package io.qrfleet.worker.job;

import io.qrfleet.contract.Verification;
import io.qrfleet.worker.WorkerProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Which check the next code gets: the module grid's for every code, the full one (what a scanner
 * does) as well for the first codes after start and one in every {@code fullCheckEvery} after, so a
 * fault that only the pixels show cannot go unseen for long.
 */
@Component
class CheckSampler {

    private final AtomicLong codes = new AtomicLong();
    private final int every;
    private final int first;

    CheckSampler(WorkerProperties properties) {
        this.every = properties.fullCheckEvery();
        this.first = properties.fullCheckFirst();
    }

    Verification next() {
        long n = codes.getAndIncrement();
        return n < first || n % every == 0 ? Verification.FULL : Verification.GRID;
    }
}
