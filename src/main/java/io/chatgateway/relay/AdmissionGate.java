package io.chatgateway.relay;

import java.io.IOException;

import io.chatgateway.system.JsonErrorWriter;
import io.chatgateway.system.OpenAiError;
import io.chatgateway.system.SendRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a send, or a chat completion, at the door while the replica runs as many answers as it may
 * ({@link RunningGenerations}): 503 with Retry-After before the request is authenticated, its body read or a route
 * run. A request that will be refused then costs microseconds, and holds its connection's buffers only that long.
 * Without it, under a burst on a busy CPU, thousands of requests that would all be refused waited their turn
 * through the whole filter chain at once, each holding its connection's memory: 5,000 sends at once filled the heap
 * and most of them timed out instead of getting their 503 (bench/results/2026-12-02-stream-memory.md). The route
 * still takes its place with {@link RunningGenerations#tryStart}; this only spares work that would be refused.
 * <p>
 * A client attaching to a running answer ({@code GET /api/chats/{id}/stream}) holds a stream's memory as long as a
 * send does, so it takes its place here, for as long as its request lasts (the route runs on the request's thread,
 * inside this filter), or gets the same 503 when there is none.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class AdmissionGate extends OncePerRequestFilter {

    private static final String COMPLETIONS = "/v1/chat/completions";
    static final String ATTACH_BUSY = "The service is holding as many streams as it can; attach again in a few seconds";

    private final RunningGenerations running;
    private final JsonErrorWriter errors;

    AdmissionGate(RunningGenerations running, JsonErrorWriter errors) {
        this.running = running;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SendRequests.isAttach(request)) {
            attach(request, response, chain);
            return;
        }
        if (running.full() && refuse(request, response)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private void attach(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!running.tryAttach()) {
            response.setHeader("Retry-After", Long.toString(RunningGenerations.RETRY_AFTER_SECONDS));
            errors.write(response, 503, ATTACH_BUSY);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            running.detached();
        }
    }

    /** Answers a send or a chat completion with 503; false (nothing written) for any other request. */
    private boolean refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean send = SendRequests.isSend(request);
        if (!send && !isCompletion(request)) {
            return false;
        }
        running.countRefusal();
        response.setHeader("Retry-After", Long.toString(RunningGenerations.RETRY_AFTER_SECONDS));
        if (send) {
            errors.write(response, 503, MessageRelay.BUSY);
        } else {
            OpenAiError.write(response, 503, CompletionRelay.BUSY, "server_error", "service_unavailable");
        }
        return true;
    }

    private static boolean isCompletion(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (path.equals(COMPLETIONS) || path.equals(COMPLETIONS + "/"));
    }
}
