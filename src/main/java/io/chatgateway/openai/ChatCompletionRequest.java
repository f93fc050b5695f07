package io.chatgateway.openai;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/chat/completions}, as checked by {@link CompletionRequests}: {@code model} (an agent's slug) and
 * {@code messages} (system, developer, user, assistant; {@code content} a string or an array of text parts, joined
 * here) are required; {@code stream}, {@code stream_options.include_usage}, {@code user} (the session id for n8n
 * memory, unless the X-Session-Id header gives one), and {@code temperature}, {@code max_tokens} (or
 * {@code max_completion_tokens}) and {@code top_p}, passed to n8n in {@code config}. Other fields OpenAI defines are
 * ignored, except those this gateway refuses: {@code n} other than 1, {@code tools}, {@code functions}, and parts
 * that are not text.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        StreamOptions streamOptions,
        String user,
        Double temperature,
        Integer maxTokens,
        Double topP,
        Integer n) {

    /** One message of the conversation; an array of text parts arrives here joined into one text. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Message(@Schema(allowableValues = {"system", "developer", "user", "assistant"}) String role,
                          String content) {

        boolean instructs() {
            return "system".equals(role) || "developer".equals(role);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StreamOptions(Boolean includeUsage) {
    }

    boolean streams() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
