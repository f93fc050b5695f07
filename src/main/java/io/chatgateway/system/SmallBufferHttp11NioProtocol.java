package io.chatgateway.system;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 protocol with a smaller response buffer ({@value #RESPONSE_BUFFER_SIZE} bytes instead of 8 KB).
 * Every connection's response holds that buffer twice, once as bytes and once as characters for the servlet writer
 * (which the SSE streams never use), for as long as the connection is open: 12 KB less per open stream. The wire does
 * not change: Camel sends its bodies chunked whatever their size, and the socket's own write buffer is the same size
 * ({@link TomcatConnectionBuffers}). Named by class in {@link TomcatConnectionBuffers}, since Tomcat creates the
 * protocol itself.
 */
public class SmallBufferHttp11NioProtocol extends Http11NioProtocol {

    static final int RESPONSE_BUFFER_SIZE = 4096;

    @Override
    public int getDesiredBufferSize() {
        return RESPONSE_BUFFER_SIZE;
    }
}
