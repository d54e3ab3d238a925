package io.qrfleet.worker;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param concurrency consumers (threads) per worker; {@code QR_WORKER_CONCURRENCY}
 * @param prefetch unacknowledged messages per consumer; {@code QR_WORKER_PREFETCH}
 * @param bulkConcurrency consumers of the bulk (batch) queue per worker; {@code QR_WORKER_BULK_CONCURRENCY}
 * @param bulkPrefetch unacknowledged batch rows per bulk consumer; {@code QR_WORKER_BULK_PREFETCH}
 * @param storageAttempts tries of one storage call within a delivery before the message is handed back
 * @param storageBackoff wait before the second try; doubled for each further try
 * @param shutdownTimeout how long in-flight jobs may take to finish on shutdown
 * @param heartbeatFile touched while the consumers run; the container health check reads its age
 * @param stuckAfter how long one delivery may be held before the heartbeat stops: longer than any
 *     job can take, storage retries and timeouts included
 * @param fullCheckEvery one code in this many also gets the full check (binarizer, detector) rather
 *     than the module grid's alone; 1: every code; {@code QR_WORKER_FULL_CHECK_EVERY}
 * @param fullCheckFirst the first codes after start all get it; {@code QR_WORKER_FULL_CHECK_FIRST}
 * @param reportProcessing report PROCESSING when a job is taken (a message and a database write per
 *     job, for clients that want to see it); {@code QR_WORKER_REPORT_PROCESSING}
 */
@Validated
@ConfigurationProperties("qr.worker")
public record WorkerProperties(
        @DefaultValue("2") @Min(1) int concurrency,
        @DefaultValue("2") @Min(1) int prefetch,
        @DefaultValue("1") @Min(1) int bulkConcurrency,
        @DefaultValue("1") @Min(1) int bulkPrefetch,
        @DefaultValue("3") @Min(1) int storageAttempts,
        @DefaultValue("1s") Duration storageBackoff,
        @DefaultValue("20s") Duration shutdownTimeout,
        Path heartbeatFile,
        @DefaultValue("5m") Duration stuckAfter,
        @DefaultValue("100") @Min(1) int fullCheckEvery,
        @DefaultValue("20") @Min(0) int fullCheckFirst,
        @DefaultValue("false") boolean reportProcessing) {

    public WorkerProperties {
        if (heartbeatFile == null) {
            heartbeatFile = Path.of(System.getProperty("java.io.tmpdir"), "qr-worker.heartbeat");
        }
    }
}
