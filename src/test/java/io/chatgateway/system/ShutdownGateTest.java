package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ShutdownTest;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ShutdownTest
class ShutdownGateTest {

    private final StaticApplicationContext context = new StaticApplicationContext();
    private final ShutdownState shutdown = new ShutdownState(context);
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

        assertThat(run("GET", "/api/chats/0b3c0c9e-6a43-4b51-9d1e-0f3f8b1f8a11").getStatus()).isEqualTo(200);
        assertThat(run("POST", "/api/chats").getStatus()).isEqualTo(200);
    }

    @Test
    void sendsPassWhileRunning() throws Exception {
        assertThat(run("POST", "/api/chats/0b3c0c9e-6a43-4b51-9d1e-0f3f8b1f8a11/messages").getStatus()).isEqualTo(200);
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
