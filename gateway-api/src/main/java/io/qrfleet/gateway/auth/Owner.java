package io.qrfleet.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * Who a request acts for: the hex SHA-256 of the API key it carried, set by {@link ApiKeyFilter};
 * empty without a key, and always on a deployment without keys. Jobs and batches are recorded
 * under it, and a key lists only its own jobs.
 */
public final class Owner {

    static final String ATTRIBUTE = Owner.class.getName();
    static final String ANONYMOUS = "";

    private Owner() {}

    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String owner ? owner : ANONYMOUS;
    }

    /**
     * Whose the request is for caches and shares: the API key's if it carries one, else the client
     * address the proxy saw ({@code X-Real-IP}, which the proxy always overwrites; only the proxy
     * reaches the gateway), an IPv6 one as its /64, as the proxy's own limits count clients. A code
     * that holds a secret is stored per tenant; a tenant's codes by URL count against its share.
     */
    public static String tenant(HttpServletRequest request) {
        String owner = of(request);
        if (!owner.isEmpty()) {
            return "key:" + owner;
        }
        String address = request.getHeader("X-Real-IP");
        return "addr:"
                + network(
                        address != null && address.matches("[0-9A-Fa-f:.]{2,45}") ? address : request.getRemoteAddr());
    }

    /** An IPv6 address as its /64; anything else as it is. A literal with a colon is never looked up in DNS. */
    static String network(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return parsed instanceof Inet6Address
                    ? HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "::/64"
                    : parsed.getHostAddress(); // an IPv4-mapped one
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
