package io.chatgateway.agent;

/** A stored avatar image: its type as recognised from the content, the bytes and their ETag. */
record Avatar(String contentType, byte[] content, String etag) {
}
