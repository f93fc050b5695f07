package io.chatgateway.system;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses new sends (POST /api/chats/{id}/messages) with 503 once the service is shutting down, so that the
 * grace period is spent finishing running streams, not starting new ones. Requests can still arrive then on
 * kept-alive connections (e.g. from a reverse proxy); Connection: close sends the client to another replica.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ShutdownGate extends OncePerRequestFilter {

    private static final Pattern SEND = Pattern.compile("/api/chats/[^/]+/messages/?");
    static final long RETRY_AFTER_SECONDS = 2;

    private final ShutdownState shutdown;
    private final JsonErrorWriter errors;

    public ShutdownGate(ShutdownState shutdown, JsonErrorWriter errors) {
        this.shutdown = shutdown;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (shutdown.isShuttingDown() && "POST".equals(request.getMethod())
                && SEND.matcher(request.getRequestURI()).matches()) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            response.setHeader("Connection", "close");
            errors.write(response, 503, "The service is shutting down; send the message again");
            return;
        }
        chain.doFilter(request, response);
    }
}
