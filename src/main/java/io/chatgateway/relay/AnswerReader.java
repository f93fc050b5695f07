package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one upstream answer format to its end, handing each piece of text over as it arrives. Content problems
 * are {@link RelayException}s; transport problems stay IOExceptions.
 */
interface AnswerReader {

    void read(InputStream body, AnswerListener listener) throws IOException;
}
