package io.chatgateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.generation.Generations;
import org.springframework.stereotype.Component;

/** What a {@link Generation} works with, in one bean. */
@Component
record RelayServices(RelayProperties properties, WebhookClient client, AnswerReaders readers,
                     Generations generations, RelayErrorLog errorLog,
                     RelayWatchdog watchdog, RelayMetrics metrics, ObjectMapper json) {
}
