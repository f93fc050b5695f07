package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ShutdownTest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ShutdownTest
class ShutdownGateTest {

    private final StaticApplicationContext context = new StaticApplicationContext();
    private final ShutdownState shutdown = new ShutdownState(context, Duration.ZERO);
    private final ShutdownGate gate = new ShutdownGate(shutdown, new JsonErrorWriter(new ObjectMapper()));

    @Test
    void refusesNewSendsOnceShuttingDown() throws Exception {
        shutdown.onApplicationEvent(new ContextClosedEvent(context));

        MockHttpServletResponse response = run("POST", "/api/chats/0b3c0c9e-6a43-4b51-9d1e-0f3f8b1f8a11/messages");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("\"detail\"").contains("shutting down");
    }

    @Test
    void letsEverythingElseFinishWhileShuttingDown() throws Exception {
        shutdown.onApplicationEvent(new ContextClosedEvent(context));

        MockHttpServletResponse read = run("GET", "/api/chats/0b3c0c9e-6a43-4b51-9d1e-0f3f8b1f8a11");
        assertThat(read.getStatus()).isEqualTo(200);
        // kept-alive clients and proxies reconnect, to another replica
        assertThat(read.getHeader("Connection")).isEqualTo("close");
        assertThat(run("POST", "/api/chats").getStatus()).isEqualTo(200);
    }

    @Test
    void duringShutdownAResponseIsCompleteBeforeItsRequestStopsCountingAsOpen() throws Exception {
        shutdown.onApplicationEvent(new ContextClosedEvent(context));
        AtomicInteger openWhenClosed = new AtomicInteger(-1);
        MockHttpServletResponse written = new MockHttpServletResponse();
        HttpServletResponse response = new HttpServletResponseWrapper(written) {
            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                ServletOutputStream out = super.getOutputStream();
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void close() throws IOException {
                        openWhenClosed.set(shutdown.openRequests());
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }
                };
            }
        };

        gate.doFilter(new MockHttpServletRequest("GET", "/api/chats"), response,
                (req, res) -> res.getOutputStream().write("data: last event\n\n".getBytes(StandardCharsets.UTF_8)));

        // the end of the response is written while the request still counts as open
        assertThat(openWhenClosed.get()).isEqualTo(1);
        assertThat(written.getContentAsString()).isEqualTo("data: last event\n\n");
        assertThat(shutdown.openRequests()).isZero();
    }

    @Test
    void aFailedRequestStopsCountingAsOpenToo() {
        try {
            gate.doFilter(new MockHttpServletRequest("GET", "/api/chats"), new MockHttpServletResponse(), (req, res) -> {
                throw new IllegalStateException("route failed");
            });
        } catch (Exception expected) {
            // the error goes on to the container
        }

        assertThat(shutdown.openRequests()).isZero();
    }

    @Test
    void sendsPassWhileRunning() throws Exception {
        MockHttpServletResponse response = run("POST", "/api/chats/0b3c0c9e-6a43-4b51-9d1e-0f3f8b1f8a11/messages");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Connection")).isNull();
        assertThat(shutdown.openRequests()).isZero();
    }

    @Test
    void anotherContextClosingIsNotOurShutdown() {
        shutdown.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));

        assertThat(shutdown.isShuttingDown()).isFalse();
    }

    private MockHttpServletResponse run(String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
