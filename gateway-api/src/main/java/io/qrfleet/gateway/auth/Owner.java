package io.qrfleet.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request acts for: the hex SHA-256 of the API key it carried, set by {@link ApiKeyFilter};
 * empty without a key, and always on a deployment without keys. Jobs and batches are recorded
 * under it, and a key lists only its own jobs.
 */
public final class Owner {

    static final String ATTRIBUTE = Owner.class.getName();
    static final String ANONYMOUS = "";

    private Owner() {
    }

    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String owner ? owner : ANONYMOUS;
    }
}
