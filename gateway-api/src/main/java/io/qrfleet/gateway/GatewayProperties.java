package io.qrfleet.gateway;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBody largest accepted request body; larger ones get 413 before any parsing
 * @param maxBatchBody the same for {@code POST /api/v1/batches}, which carries up to {@code batchMaxItems} rows
 * @param batchMaxItems rows one batch may hold
 * @param retryAfter the {@code Retry-After} sent with 503 when the broker or storage is unavailable
 * @param diskPath the file system whose free space {@code /api/health} checks (default: the temp directory)
 * @param diskMinFree free space below which the gateway reports itself DOWN
 */
@Validated
@ConfigurationProperties("qr.gateway")
public record GatewayProperties(
        @DefaultValue("16KB") DataSize maxBody,
        @DefaultValue("4MB") DataSize maxBatchBody,
        @DefaultValue("10000") @Min(1) int batchMaxItems,
        @DefaultValue("5s") Duration retryAfter,
        String diskPath,
        @DefaultValue("100MB") DataSize diskMinFree) {

    public GatewayProperties {
        if (diskPath == null) {
            diskPath = System.getProperty("java.io.tmpdir");
        }
    }

    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }

    @Min(1)
    public long maxBodyBytes() {
        return maxBody.toBytes();
    }

    @Min(1)
    public long maxBatchBodyBytes() {
        return maxBatchBody.toBytes();
    }
}
