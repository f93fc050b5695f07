package io.chatgateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** What a {@link Generation} works with, in one bean. */
@Component
record RelayServices(RelayProperties properties, WebhookClient client, AnswerReaders readers,
                     UserMessageStore userMessages, AnswerStore store,
                     RelayWatchdog watchdog, RelayMetrics metrics, ObjectMapper json) {
}
