package io.chatgateway.openai;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.agent.WebhookUrlPolicy;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.relay.CompletionRelay;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.OpenAiError;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * {@code POST /v1/chat/completions}: checks the request ({@link CompletionRequests}), finds the model (the agent the
 * caller may use), and runs one generation without a chat ({@link CompletionRelay}). n8n gets exactly the body a chat
 * send gives it: the request's user and assistant messages as the history (each stamped with the time of the request),
 * the agent's system prompt followed by the request's system and developer messages, the agent's config with
 * {@code temperature}, {@code max_tokens} and {@code top_p} when the request gives them, a {@code session_id}
 * (header {@code X-Session-Id}, else the request's {@code user}, else a new UUID), {@code chat_id: null}, the caller's
 * user, team and agent ids, and {@code "source": "openai"}. Streams OpenAI chunks ({@link OpenAiChunkSink}) or answers
 * one {@link ChatCompletion}.
 */
@Component("chatCompletions")
public class ChatCompletions {

    static final String GENERATION_HEADER = "X-Generation-Id";
    static final String SESSION_HEADER = "X-Session-Id";
    static final String SOURCE = "openai";
    private static final int MAX_SESSION_ID_LENGTH = 256;

    private final OpenAiModels models;
    private final CompletionRelay relay;
    private final WebhookUrlPolicy webhookUrlPolicy;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    ChatCompletions(OpenAiModels models, CompletionRelay relay, WebhookUrlPolicy webhookUrlPolicy,
                    ObjectMapper json, GatewayProperties properties) {
        this.models = models;
        this.relay = relay;
        this.webhookUrlPolicy = webhookUrlPolicy;
        this.json = json;
        this.maxBodyBytes = properties.request().maxBodySize().toBytes();
    }

    public void create(@Variable(CurrentUser.TEAM_ID) UUID teamId, @Variable(CurrentUser.USER_ID) UUID userId,
                       @Variable(CurrentUser.API_KEY_ID) UUID apiKeyId, Exchange exchange) throws IOException {
        ChatCompletionRequest request = CompletionRequests.parse(body(exchange));
        ModelAgent agent = models.find(teamId, request.model(), CurrentUser.of(exchange));
        checkCallable(agent);
        Prompt prompt = prompt(agent, request);
        CompletionRelay.Call call = new CompletionRelay.Call(teamId, userId, apiKeyId, agent.agentId(),
                agent.webhookUrl(), agent.webhookToken(), prompt.systemPrompt(), config(agent, request),
                agent.relaySettingsJson(), prompt.historyJson(), sessionId(exchange, request, teamId), SOURCE, prompt.characters());

        long created = Instant.now().getEpochSecond();
        long requestCreated = exchange.getClock().getCreated();
        if (request.streams()) {
            HttpServletResponse response = exchange.getIn(PlatformHttpMessage.class).getResponse();
            relay.run(call, requestCreated, running -> OpenAiChunkSink.open(response, json,
                    new OpenAiChunkSink.Completion(completionId(running.generationId()), created, agent.slug(),
                            request.includeUsage(), prompt.characters()),
                    running.generationId(), running.stop()));
            // the chunks are written; the route must add nothing after them
            exchange.getMessage().setBody(null);
            return;
        }
        CompletionRelay.Outcome outcome = relay.run(call, requestCreated, null);
        boolean cut = OpenAiChunkSink.ANSWER_TOO_LARGE.equals(outcome.errorCode());
        OpenAiErrors.responseHeader(exchange, GENERATION_HEADER, outcome.generationId().toString());
        if (outcome.failed() && !cut) {
            // n8n may have run: an SDK must not silently run the agent a second time
            throw new OpenAiException(outcome.httpStatus(), outcome.message(), "server_error", null,
                    outcome.errorCode(), false);
        }
        ChatCompletion completion = ChatCompletion.of(completionId(outcome.generationId()), created, agent.slug(),
                outcome.text(), cut ? "length" : "stop",
                Usage.estimate(prompt.characters(), Usage.characters(outcome.text())));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsBytes(completion));
    }

    /** What n8n gets of the request: the system prompt, the history, and their length for the usage estimate. */
    private record Prompt(String systemPrompt, String historyJson, long characters) {
    }

    /**
     * The agent's system prompt followed by the request's system and developer messages (blank lines between), and
     * the user and assistant messages as the history, each stamped with the time of the request.
     */
    private Prompt prompt(ModelAgent agent, ChatCompletionRequest request) throws JsonProcessingException {
        long characters = Usage.characters(agent.systemPrompt());
        ArrayNode history = json.createArrayNode();
        StringBuilder systemPrompt = new StringBuilder(agent.systemPrompt() == null ? "" : agent.systemPrompt());
        String now = Instant.now().toString();
        for (ChatCompletionRequest.Message message : request.messages()) {
            characters += Usage.characters(message.content());
            if (message.instructs()) {
                if (!systemPrompt.isEmpty()) {
                    systemPrompt.append("\n\n");
                }
                systemPrompt.append(message.content());
            } else {
                history.addObject().put("role", message.role()).put("content", message.content()).put("timestamp", now);
            }
        }
        return new Prompt(systemPrompt.isEmpty() ? null : systemPrompt.toString(), json.writeValueAsString(history),
                characters);
    }

    static String completionId(UUID generationId) {
        return "chatcmpl-" + generationId;
    }

    /**
     * The request body as JSON: 413 beyond the API's body limit (MAX_REQUEST_BODY_SIZE; read only up to it), 400 when
     * it is not JSON. The binding leaves the body unread (a reader of the servlet request).
     */
    private JsonNode body(Exchange exchange) {
        Long length = exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (length != null && length > maxBodyBytes) {
            throw tooLarge();
        }
        String text;
        try (Reader reader = exchange.getIn().getBody(Reader.class)) {
            if (reader == null) {
                throw OpenAiException.invalid(null, "The request body must be a JSON object.");
            }
            StringBuilder read = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                read.append(buffer, 0, n);
                if (read.length() > maxBodyBytes) {
                    throw tooLarge();
                }
            }
            text = read.toString();
        } catch (IOException e) {
            throw OpenAiException.invalid(null, "The request body could not be read.");
        }
        if (text.isBlank()) {
            throw OpenAiException.invalid(null, "The request body must be a JSON object.");
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw OpenAiException.invalid(null, "We could not parse the JSON body of your request.");
        }
    }

    private OpenAiException tooLarge() {
        return new OpenAiException(413, "The request body is larger than " + maxBodyBytes + " bytes.",
                OpenAiError.INVALID_REQUEST, null, "request_too_large", false);
    }

    /** 409 when the agent's webhook URL may not be called (any more). */
    private void checkCallable(ModelAgent agent) {
        try {
            webhookUrlPolicy.check(agent.webhookUrl());
        } catch (ApiException e) {
            throw new OpenAiException(409, "The model `" + agent.slug() + "` cannot be called: " + e.detail(),
                    OpenAiError.INVALID_REQUEST, "model", "model_unavailable", false);
        }
    }

    /** The agent's config (without relay settings) with the request's sampling settings, when it gives them. */
    private String config(ModelAgent agent, ChatCompletionRequest request) throws JsonProcessingException {
        if (request.temperature() == null && request.maxTokens() == null && request.topP() == null) {
            return agent.configJson();
        }
        JsonNode stored = agent.configJson() == null ? null : json.readTree(agent.configJson());
        ObjectNode config = stored instanceof ObjectNode object ? object : json.createObjectNode();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            // a client may ask for less than the agent's admin allows, never for more
            JsonNode own = config.get("max_tokens");
            config.put("max_tokens", own != null && own.canConvertToLong()
                    ? Math.min(own.asLong(), request.maxTokens()) : request.maxTokens());
        }
        if (request.topP() != null) {
            config.put("top_p", request.topP());
        }
        return json.writeValueAsString(config);
    }

    /**
     * The header's session, else the request's {@code user}, else a new one (n8n memory then starts afresh), in the
     * team's own namespace ({@code openai:<team id>:<session>}): n8n memory is keyed by it, and two teams (or a chat's
     * id) must never name the same memory.
     */
    private static String sessionId(Exchange exchange, ChatCompletionRequest request, UUID teamId) {
        String header = exchange.getIn().getHeader(SESSION_HEADER, String.class);
        String session;
        if (header != null && !header.isBlank()) {
            if (header.length() > MAX_SESSION_ID_LENGTH) {
                throw OpenAiException.invalid(null, SESSION_HEADER + " must be at most " + MAX_SESSION_ID_LENGTH
                        + " characters.");
            }
            session = header.strip();
        } else {
            session = request.user() != null ? request.user() : UUID.randomUUID().toString();
        }
        return "openai:" + teamId + ":" + session;
    }
}
