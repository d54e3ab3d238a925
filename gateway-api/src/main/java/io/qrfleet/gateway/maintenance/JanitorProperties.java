package io.qrfleet.gateway.maintenance;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param stuckAfter a QUEUED or PROCESSING job or batch row untouched this long is published again
 *     ({@code QR_JANITOR_STUCK_AFTER}); longer than the queue's backlog normally takes to drain
 * @param maxAttempts one published this often already is marked FAILED instead
 * @param retention jobs and batches older than this are deleted, and images unused for this long
 *     ({@code QR_RETENTION}); at least a day, as idempotency keys are kept with their jobs
 * @param chunk rows changed per statement: what bounds the pass's memory, whatever the table's size
 */
@Validated
@ConfigurationProperties("qr.janitor")
public record JanitorProperties(
        @DefaultValue("15m") Duration stuckAfter,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("30d") @DurationMin(hours = 24) Duration retention,
        @DefaultValue("1000") @Min(1) int chunk) {}
