package io.chatgateway.system;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each platform-http route on the servlet container's own request thread (a virtual thread on Java 21+).
 * The starter's consumer hands every request to an executor and returns a {@link CompletableFuture}, which makes
 * Spring MVC start async processing and dispatch the request a second time through the whole filter chain and
 * DispatcherServlet when the route ends: a thread hand-off on the way in and a second pass on the way out, for
 * every request (measured: ~12 % of the CPU of {@code GET /api/chats}, and milliseconds of first-byte latency).
 * Returning {@code null} instead tells Spring MVC the handler has written the response itself.
 */
public class SynchronousPlatformHttpEngine implements PlatformHttpEngine {

    private final int port;

    public SynchronousPlatformHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new SynchronousConsumer(endpoint, processor);
    }

    @Override
    public int getServerPort() {
        return port;
    }

    static class SynchronousConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(SynchronousConsumer.class);

        SynchronousConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // the executor is never used: every request runs in service(...) below
            super(endpoint, processor, Runnable::run);
        }

        /** Invoked by Spring MVC (the handler method the starter registers for each route). */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as the starter does: the route's error handler has answered what it could; never leak
                log.warn("Error handling request due to: {}", e.getMessage(), e);
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
