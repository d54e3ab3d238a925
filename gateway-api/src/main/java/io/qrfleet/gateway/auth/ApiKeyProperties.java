package io.qrfleet.gateway.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param apiKeys {@code QR_API_KEYS}, comma-separated; empty (the default) leaves submissions open
 */
@ConfigurationProperties("qr")
public record ApiKeyProperties(List<String> apiKeys) {

    public ApiKeyProperties {
        apiKeys = apiKeys == null
                ? List.of()
                : apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
}
