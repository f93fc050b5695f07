package io.chatgateway.agent;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * PUT /api/agents/{id}: any fields of {@link CreateAgentRequest}. A field not sent stays unchanged; sent as null,
 * an optional field is cleared. A record component cannot tell "absent" from "null", so {@code sent} keeps the
 * names of the fields the body had (not part of the wire format).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonDeserialize(using = UpdateAgentRequest.Reader.class)
public record UpdateAgentRequest(
        String name,
        String description,
        String webhookUrl,
        String webhookToken,
        String systemPrompt,
        Map<String, Object> config,
        Boolean isActive,
        String avatarUrl,
        String n8nApiUrl,
        String n8nApiKey,
        @JsonIgnore Set<String> sent) {

    /** Whether the body had the field (snake_case, as sent), with a value or null. */
    public boolean has(String field) {
        return sent.contains(field);
    }

    /** Binds the fields exactly as a create does (same types, same refusals), remembering which were sent. */
    static final class Reader extends StdDeserializer<UpdateAgentRequest> {

        Reader() {
            super(UpdateAgentRequest.class);
        }

        @Override
        public UpdateAgentRequest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode body = context.readTree(parser);
            if (!body.isObject()) {
                return (UpdateAgentRequest) context.handleUnexpectedToken(UpdateAgentRequest.class, body.asToken(),
                        parser, "Request body must be a JSON object");
            }
            CreateAgentRequest fields = context.readTreeAsValue(body, CreateAgentRequest.class);
            Set<String> sent = new HashSet<>();
            body.fieldNames().forEachRemaining(sent::add);
            return new UpdateAgentRequest(fields.name(), fields.description(), fields.webhookUrl(),
                    fields.webhookToken(), fields.systemPrompt(), fields.config(), fields.isActive(),
                    fields.avatarUrl(), fields.n8nApiUrl(), fields.n8nApiKey(), Set.copyOf(sent));
        }
    }
}
