package io.chatgateway.openai;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A model with what the relay needs of its agent (sql/openai/find-model.sql). */
record ModelAgent(UUID agentId, String slug, OffsetDateTime createdAt, String teamSlug, String webhookUrl,
                  String webhookToken, String systemPrompt, String configJson, String relaySettingsJson) {

    Model model() {
        return new Model(slug, createdAt.toEpochSecond(), teamSlug);
    }
}
