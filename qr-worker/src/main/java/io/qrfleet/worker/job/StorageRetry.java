package io.qrfleet.worker.job;

import io.qrfleet.common.storage.StorageException;
import io.qrfleet.worker.WorkerProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Bounded retries with exponential backoff for storage calls, which fail transiently (restarts, network). */
@Component
class StorageRetry {

    private static final Logger log = LoggerFactory.getLogger(StorageRetry.class);

    private final int attempts;
    private final Duration backoff;

    StorageRetry(WorkerProperties properties) {
        this.attempts = properties.storageAttempts();
        this.backoff = properties.storageBackoff();
    }

    void run(String what, Runnable call) {
        long wait = backoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (StorageException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                log.warn(
                        "{} failed (attempt {}/{}), retrying in {} ms: {}",
                        what,
                        attempt,
                        attempts,
                        wait,
                        e.getMessage());
                sleep(wait);
                wait *= 2;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry", e);
        }
    }
}
