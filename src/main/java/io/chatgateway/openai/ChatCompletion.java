package io.chatgateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code POST /v1/chat/completions} without streaming: one choice with the agent's whole answer,
 * {@code finish_reason} "stop" ("length" when the gateway's answer size limit cut it) and the estimated
 * {@link Usage}. {@code id} is {@code chatcmpl-<generation id>}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                             String systemFingerprint) {

    static ChatCompletion of(String id, long created, String model, String content, String finishReason, Usage usage) {
        return new ChatCompletion(id, "chat.completion", created, model,
                List.of(new Choice(0, new Message("assistant", content, null), null, finishReason)), usage, null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, Message message, Object logprobs,
                         @Schema(allowableValues = {"stop", "length"}) String finishReason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Message(String role, String content, String refusal) {
    }
}
