package io.chatgateway.relay;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The agent's n8n webhook: {@code POST <webhook_url>} with the body of {@link WebhookRequest},
 * {@code Authorization: Bearer <webhook_token>} when the agent has a token, the generation's id in
 * {@code X-Chat-Gateway-Generation-Id}, and no header of the client's.
 */
@Component
class N8nWebhook implements Upstream {

    private final UpstreamHttpClient http;

    N8nWebhook(UpstreamHttpClient http) {
        this.http = http;
    }

    @Override
    public UpstreamCall prepare(UpstreamRequest request, UUID generationId) {
        ChatAgent target = request.target();
        String sessionId = request.sessionId() != null ? request.sessionId() : target.chatId().toString();
        byte[] body = WebhookRequest.body(request.historyJson(), target.systemPrompt(), target.configJson(), sessionId,
                target.chatId(), request.userId(), request.teamId(), target.agentId(), request.source());
        return http.post(target.webhookUrl(), target.webhookToken(), body, target.settings(), generationId);
    }
}
