package io.qrfleet.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else looks at it, every request whose path is not written in its one
 * canonical form: the target as sent must equal the decoded, normalised path that routing uses.
 * Percent-encoded characters, {@code ;} parameters, doubled slashes and dot segments all differ,
 * so no later decision (keys, body limits, routing) can see one spelling while another is routed.
 * Spring Security's firewall would refuse most of these but lets percent-encoded letters through.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String routed = request.getContextPath()
                + request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!request.getRequestURI().equals(routed)) {
            Problems.write(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "The request path is not in its canonical form: "
                            + "no percent-encoding, ';' parameters, empty or dot segments.");
            return;
        }
        chain.doFilter(request, response);
    }
}
