package io.chatgateway.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The port of the separate management server (MANAGEMENT_PORT), once it listens. In production the actuator
 * endpoints other than health are served only there, a port that is not published to the internet.
 */
@Component
public class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    /** True when the request came in on the separate management port (never when there is none). */
    public boolean received(HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port;
    }
}
