package io.qrfleet.worker.janitor;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param stuckAfter a QUEUED or PROCESSING job untouched this long is reaped
 * @param maxAttempts a reaped job that has been processed this often is marked FAILED instead of requeued
 * @param retention job records and images older than this are deleted ({@code QR_RETENTION})
 */
@Validated
@ConfigurationProperties("qr.janitor")
public record JanitorProperties(
        @DefaultValue("15m") Duration stuckAfter,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("30d") Duration retention) {
}
