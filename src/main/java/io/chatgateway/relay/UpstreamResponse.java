package io.chatgateway.relay;

import java.io.InputStream;

/** The head of an upstream's answer and its body as a live stream (null when there is none). */
record UpstreamResponse(int status, String contentType, InputStream body) {
}
