package io.chatgateway.system;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's per-connection buffers that are configurable, which every open connection holds for as long as it is
 * open: a streaming answer's for minutes (bench/results/2026-12-02-stream-memory.md).
 * <ul>
 * <li>Socket buffers: Tomcat's default is 8 KB to read and 8 KB to write, and the request's header buffer adds the
 * read size again. Our requests are a few hundred bytes of headers and body, an SSE event is a few hundred bytes,
 * and a write larger than the buffer goes to the socket without passing through it: 4 KB each does the same work
 * with 12 KB less per connection.</li>
 * <li>The buffer for trailer fields of a chunked request body, allocated for every connection at its maximum
 * (8 KB by default) whether or not a request ever sends trailers (browsers and API clients do not): 1 KB.</li>
 * <li>The response's body buffer, as bytes and as characters: 4 KB instead of 8 KB
 * ({@link SmallBufferHttp11NioProtocol}).</li>
 * </ul>
 * With {@code server.tomcat.max-http-response-header-size: 4KB} (application.yaml): 35 KB less per connection.
 */
@Component
class TomcatConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int SOCKET_READ_BUFFER = 4096;
    static final int SOCKET_WRITE_BUFFER = 4096;
    static final int MAX_TRAILER_SIZE = 1024;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(SmallBufferHttp11NioProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_READ_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER));
            connector.setProperty("maxTrailerSize", Integer.toString(MAX_TRAILER_SIZE));
        });
    }
}
