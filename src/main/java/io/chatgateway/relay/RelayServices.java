package io.chatgateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.generation.Generations;
import org.springframework.stereotype.Component;

/**
 * What a {@link Generation} works with, in one bean.
 */
@Component
record RelayServices(RelayProperties properties, Upstream upstream, AnswerReaders readers,
                     Generations generations, RelayErrorLog errorLog,
                     RelayWatchdog watchdog, RelayMetrics metrics, RunningGenerations running, ObjectMapper json,
                     ExecutionStopper executions) {
}
