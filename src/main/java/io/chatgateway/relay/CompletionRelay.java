package io.chatgateway.relay;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.generation.LiveGeneration;
import io.chatgateway.system.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * An answer without a chat, for the OpenAI-compatible API: starts a generation that belongs to no chat (counted,
 * stoppable, reaped like every other; nothing is stored as a chat message), calls the agent's webhook with the body a
 * chat send gives it (plus the caller's session id and {@code "source"}) and runs the {@link Generation} as
 * {@link MessageRelay} does, writing its events to the caller's {@link EventSink}, or to none when the caller waits
 * for the whole answer.
 */
@Component
public class CompletionRelay {

    static final String BUSY = "The service is answering as many requests as it can; try again in a few seconds";

    private static final Logger log = LoggerFactory.getLogger(CompletionRelay.class);

    private final RelayServices services;

    CompletionRelay(RelayServices services) {
        this.services = services;
    }

    /**
     * What to call and with what: the agent's webhook, token and relay settings ({@code config.relay} as JSON, or
     * null), the system prompt and config to send (already completed by the caller), the conversation as stored
     * messages ({@code [{role, content, timestamp}]}), the session id n8n memory nodes key on and the source; the
     * API key (null for a session) and the characters of text n8n gets, for the usage of the generation.
     */
    public record Call(UUID teamId, UUID userId, UUID apiKeyId, UUID agentId, String webhookUrl, String webhookToken,
                       String systemPrompt, String configJson, String relaySettingsJson, String historyJson,
                       String sessionId, String source, long charsIn) {
    }

    /** The generation as its sink sees it: its id and how to stop it (a client that went away). */
    public record Running(UUID generationId, Runnable stop) {
    }

    /** Opens the sink of a generation once it has started (e.g. writes the response's head). */
    @FunctionalInterface
    public interface SinkFactory {
        EventSink open(Running running) throws IOException;
    }

    /**
     * How the answer ended: the generation's status ({@code complete | stopped | interrupted | error}), its text (all
     * of it, or what arrived before it ended), and for a failure the relay's error code (README's list), the HTTP
     * status a JSON client gets and the sentence for people.
     */
    public record Outcome(UUID generationId, String status, String text, String errorCode, int httpStatus,
                          String message) {

        public boolean failed() {
            return errorCode != null;
        }
    }

    /**
     * Runs one answer to its end. Refused before anything starts (an {@link ApiException}): 503 with Retry-After
     * when the replica runs as many answers as it may or the database is unavailable.
     */
    public Outcome run(Call call, long requestCreatedMillis, SinkFactory sinks) throws IOException {
        if (!services.running().tryStart()) {
            throw ApiException.unavailable(BUSY, RunningGenerations.RETRY_AFTER_SECONDS);
        }
        try {
            LiveGeneration live = start(call);
            long overheadMs = Math.max(0, System.currentTimeMillis() - requestCreatedMillis);
            long startNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(overheadMs);
            services.metrics().overhead(TimeUnit.MILLISECONDS.toNanos(overheadMs));

            ChatAgent target = new ChatAgent(null, call.agentId(), call.webhookUrl(), call.webhookToken(),
                    call.systemPrompt(), call.configJson(),
                    StreamSettings.of(services.properties(), relaySettings(call.relaySettingsJson())), true, false);
            UpstreamRequest request = new UpstreamRequest(target, call.historyJson(), call.userId(), call.teamId(),
                    call.sessionId(), call.source());
            Generation generation = new Generation(new RelayJob(request, startNanos, live), services);
            if (sinks != null) {
                generation.attach(sinks.open(new Running(live.id(), live::requestStop)));
            }
            Generation.Result result = generation.run();
            String text = result.savedMessage() == null ? "" : result.savedMessage().content();
            return result.error() == null
                    ? new Outcome(live.id(), result.status(), text, null, 200, null)
                    : new Outcome(live.id(), result.status(), text, result.error().code, result.error().httpStatus,
                            result.message());
        } finally {
            services.running().finished();
        }
    }

    /** The generation registered; a database failure here is a 503 (nothing was started). */
    private LiveGeneration start(Call call) {
        try {
            return services.generations().startDetached(call.teamId(), call.userId(), call.agentId(),
                    call.apiKeyId(), call.charsIn());
        } catch (DataAccessException e) {
            log.warn("A generation of agent {} could not be started: {}", call.agentId(), e.toString());
            throw ApiException.unavailable("The request could not be started; try again in a few seconds",
                    RunningGenerations.RETRY_AFTER_SECONDS);
        }
    }

    /** The agent's config.relay; unreadable settings count as none (the global ones apply). */
    private JsonNode relaySettings(String text) {
        if (text == null) {
            return null;
        }
        try {
            return services.json().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
