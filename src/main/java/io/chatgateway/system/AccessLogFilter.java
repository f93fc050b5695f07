package io.chatgateway.system;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request, written when the response is complete (for a stream: when it ends): method, path
 * (without query string), status, duration and the caller's user and team ids. Never headers, bodies or query
 * strings, which may carry secrets or message text. Logger {@code io.chatgateway.access}; with LOG_FORMAT=ecs
 * (or logstash, gelf) the fields arrive as JSON keys.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.chatgateway.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            // routes run on the request thread (SynchronousPlatformHttpEngine): a stream has ended by now
            write(request, response, start);
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, long start) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Caller user = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        String userId = user == null ? "-" : user.userId().toString();
        String teamId = user == null ? "-" : user.teamId().toString();
        log.atInfo()
                .addKeyValue("http.request.method", request.getMethod())
                .addKeyValue("url.path", request.getRequestURI())
                .addKeyValue("http.response.status_code", response.getStatus())
                .addKeyValue("event.duration_ms", millis)
                .addKeyValue("user.id", userId)
                .addKeyValue("team.id", teamId)
                .log("{} {} {} {}ms user={} team={}", request.getMethod(), request.getRequestURI(),
                        response.getStatus(), millis, userId, teamId);
    }
}
