package io.chatgateway.relay;

import java.io.IOException;

/** One call of an upstream, from sending the request to the end (or abort) of its answer. */
interface UpstreamCall {

    /** Sends the request; returns once the answer's status and headers are in, its body still to be read. */
    UpstreamResponse execute() throws IOException;

    /**
     * Stops the call at once, from any thread: while waiting for the answer or while its body is read (the read
     * fails). The connection is closed, never drained, so the upstream sees the cut. Harmless once the body was
     * read to its end.
     */
    void abort();
}
