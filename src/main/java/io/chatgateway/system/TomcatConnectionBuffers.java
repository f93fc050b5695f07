package io.chatgateway.system;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's socket buffers, which every open connection holds for as long as it is open: a streaming answer's for
 * minutes. Tomcat's default is 8 KB to read and 8 KB to write, and the request's header buffer adds the read size
 * again. Our requests are a few hundred bytes of headers and body, an SSE event is a few hundred bytes, and a write
 * larger than the buffer goes to the socket without passing through it, so 4 KB each does the same work with 12 KB
 * less per connection (with {@code server.tomcat.max-http-response-header-size: 4KB}, 16 KB: bench/results).
 */
@Component
class TomcatConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int SOCKET_READ_BUFFER = 4096;
    static final int SOCKET_WRITE_BUFFER = 4096;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_READ_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER));
        });
    }
}
