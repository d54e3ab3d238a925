package io.qrfleet.gateway.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway takes the workers' results: in batches of up to {@code batchSize}, gathered for
 * at most {@code batchWait} (the most a result waits for others at low load), by {@code consumers}
 * consumers per gateway. {@code QR_RESULTS_BATCH_SIZE}, {@code QR_RESULTS_BATCH_WAIT}, {@code
 * QR_RESULTS_CONSUMERS}.
 */
@Validated
@ConfigurationProperties("qr.results")
record ResultProperties(
        @DefaultValue("100") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("2ms") Duration batchWait,
        @DefaultValue("2") @Min(1) @Max(16) int consumers) {}
