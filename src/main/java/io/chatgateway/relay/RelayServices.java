package io.chatgateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.generation.Generations;
import org.springframework.stereotype.Component;

/**
 * What a {@link Generation} works with, in one bean. Its {@code json} is Spring's ObjectMapper with pooled buffers
 * ({@link StreamJson}): every use of it runs on a stream's thread.
 */
@Component
record RelayServices(RelayProperties properties, Upstream upstream, AnswerReaders readers,
                     Generations generations, RelayErrorLog errorLog,
                     RelayWatchdog watchdog, RelayMetrics metrics, ObjectMapper json) {

    RelayServices {
        json = StreamJson.of(json);
    }
}
