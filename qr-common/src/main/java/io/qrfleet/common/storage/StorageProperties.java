package io.qrfleet.common.storage;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The S3 / MinIO bucket both services use; {@code QR_STORAGE_*} in the environment. The read and
 * write timeouts bound every wait for a byte in either direction, so a stalled server ends a call
 * (response bodies included) instead of holding its thread.
 */
@Validated
@ConfigurationProperties("qr.storage")
public record StorageProperties(
        @DefaultValue("http://localhost:9000") @NotBlank String endpoint,
        @DefaultValue("minioadmin") @NotBlank String accessKey,
        @DefaultValue("minioadmin") @NotBlank String secretKey,
        @DefaultValue("qr-codes") @NotBlank String bucket,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("10s") Duration writeTimeout) {}
