package io.chatgateway.relay;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.NotFoundException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The last step of the messages route: saves the user message ({@link UserMessageStore}: its commit runs while
 * n8n is called), runs the {@link Generation} and answers the client, as SSE written straight to the servlet
 * response (the route's own reply stays empty), or, for {@code Accept: application/json} clients, as one JSON
 * body with the saved assistant message.
 */
@Component("messageRelay")
public class MessageRelay implements Processor {

    private final RelayServices services;
    private final ObjectMapper json;

    public MessageRelay(RelayServices services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws IOException {
        Map<String, Object> target = exchange.getVariable("target", Map.class);
        UUID teamId = exchange.getVariable(CurrentUser.TEAM_ID, UUID.class);
        UUID userId = exchange.getVariable(CurrentUser.USER_ID, UUID.class);
        UUID chatId = (UUID) target.get("chat_id");
        UUID agentId = (UUID) target.get("agent_id");
        UserMessageStore.Saved saved = services.userMessages().append(chatId, teamId, userId,
                exchange.getVariable("userMessage", String.class));
        if (saved == null) {
            throw new NotFoundException("Chat not found");
        }
        long overheadMs = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        long startNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(overheadMs);
        services.metrics().overhead(TimeUnit.MILLISECONDS.toNanos(overheadMs));

        byte[] webhookBody = WebhookRequest.body(saved.history(), (String) target.get("system_prompt"),
                (String) target.get("config"), chatId, userId, teamId, agentId);
        StreamSettings settings = StreamSettings.of(services.properties(), relaySettings((String) target.get("relay_settings")));
        RelayJob job = new RelayJob(teamId, userId, chatId, agentId, (String) target.get("webhook_url"),
                (String) target.get("webhook_token"), webhookBody, settings, startNanos, saved.commit());
        Generation generation = new Generation(job, services);

        if (wantsJson(exchange.getIn().getHeader("Accept", String.class))) {
            Generation.Result result = generation.run();
            if (result.error() != null) {
                throw new ApiException(result.error().httpStatus, result.message());
            }
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("X-Gateway-Overhead-Ms", overheadMs);
            exchange.getMessage().setBody(result.savedMessage());
            return;
        }
        SseStream sse = SseStream.open(exchange.getIn(PlatformHttpMessage.class).getResponse(), overheadMs,
                generation::clientGone);
        generation.attach(sse);
        sse.status("Sending request to n8n...");
        generation.run();
        // the events are written; the route's reply must add nothing
        exchange.getMessage().setBody(null);
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains("application/json") && !accept.contains("text/event-stream");
    }

    private JsonNode relaySettings(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
