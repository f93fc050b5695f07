package io.chatgateway.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API port while the service shuts down. New sends (POST /api/chats/{id}/messages) are answered 503 with
 * Retry-After, so that the drain and the grace period are spent finishing running streams, not starting new ones;
 * everything else is still served. Every response then carries Connection: close, so kept-alive clients and
 * proxies reconnect (to another replica). Each request counts as open in {@link ShutdownState} until its
 * response is complete: during shutdown this filter ends the response itself (the last chunk of a stream is
 * written) before it counts the request as done, since the web server may close every connection as soon as
 * no request is open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ShutdownGate extends OncePerRequestFilter {

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
        shutdown.requestStarted();
        boolean completed = false;
        try {
            if (shutdown.isShuttingDown()) {
                response.setHeader("Connection", "close");
                if (SendRequests.isSend(request)) {
                    response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                    errors.write(response, 503, "The service is shutting down; send the message again");
                    completed = true;
                    return;
                }
            }
            chain.doFilter(request, response);
            completed = true;
        } finally {
            try {
                if (completed && shutdown.isShuttingDown() && !request.isAsyncStarted()) {
                    complete(response);
                }
            } finally {
                shutdown.requestEnded();
            }
        }
    }

    /** Writes the end of the response now, as the web server would after this filter. */
    private static void complete(HttpServletResponse response) {
        try {
            try {
                response.getOutputStream().close();
            } catch (IllegalStateException writerInUse) {
                response.getWriter().close();
            }
        } catch (IOException clientGone) {
            // nothing left to complete
        }
    }
}
