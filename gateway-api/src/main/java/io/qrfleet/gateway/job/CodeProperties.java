package io.qrfleet.gateway.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Codes by URL ({@code GET /api/v1/qr}).
 *
 * @param renderWait how long a request for a code that is not stored yet waits for it to be rendered
 *     before it gets 503 + Retry-After; at most 20 s, so that with publishing and storage it stays
 *     within the bundled proxy's 30 s
 * @param clientShare codes by URL one client (API key, else address) may have queued or rendering
 *     at once: more get 429, so one client cannot fill the interactive queue for the others
 */
@Validated
@ConfigurationProperties("qr.code")
record CodeProperties(
        @DefaultValue("5s") Duration renderWait,
        @DefaultValue("20") @Min(1) @Max(10_000) int clientShare) {

    CodeProperties {
        if (renderWait.compareTo(Duration.ofSeconds(1)) < 0 || renderWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException(
                    "qr.code.render-wait must be 1 to 20 s, within the proxy's 30 s: " + renderWait);
        }
    }
}
