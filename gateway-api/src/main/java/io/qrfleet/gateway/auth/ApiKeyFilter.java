package io.qrfleet.gateway.auth;

import io.qrfleet.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code QR_API_KEYS} is set, every request that is not a read (GET or HEAD) needs a key,
 * whatever its path, given as {@code Authorization: Bearer <key>}, {@code X-API-Key: <key>} or
 * HTTP Basic with the key as password. Reads stay open (job ids are unguessable), but a read that
 * carries a credential must carry a valid one (a malformed one, or another scheme, is refused, not
 * taken for none): it then lists that key's jobs ({@link Owner}). The decision looks at no path,
 * so no spelling of one can get around it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final String CHALLENGE_BEARER = "Bearer realm=\"qr-fleet\"";
    private static final String CHALLENGE_BASIC = "Basic realm=\"qr-fleet\", charset=\"UTF-8\"";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeyProperties properties) {
        this.keys = new ApiKeys(properties.apiKeys());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !keys.enabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        String owner = keys.match(presented);
        boolean noCredential =
                request.getHeader("X-API-Key") == null && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
        if (owner != null || (noCredential && READS.contains(request.getMethod()))) {
            if (owner != null) {
                request.setAttribute(Owner.ATTRIBUTE, owner);
            }
            chain.doFilter(request, response);
            return;
        }
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE_BEARER);
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE_BASIC);
        Problems.write(
                response,
                HttpStatus.UNAUTHORIZED,
                "An API key is required: Authorization: Bearer <key>, X-API-Key, or Basic with the key as password.");
    }

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader("X-API-Key");
        if (header != null) {
            return header;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
