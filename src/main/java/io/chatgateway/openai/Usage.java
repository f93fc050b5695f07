package io.chatgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Token counts of a completion. n8n does not tell them, so they are estimated: one token per 4 characters (Unicode
 * code points, rounded up) of the text sent to the agent (its system prompt and the request's messages) and of the
 * answer. A rule of thumb for English text, not a tokenizer's count.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    static Usage estimate(long promptCharacters, long completionCharacters) {
        long prompt = tokens(promptCharacters);
        long completion = tokens(completionCharacters);
        return new Usage(prompt, completion, prompt + completion);
    }

    static long tokens(long characters) {
        return (characters + 3) / 4;
    }

    static long characters(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }
}
