package io.chatgateway.relay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer text inside a JSON value, whatever shape the agent used: a string, {@code {"content"}},
 * {@code {"output"}} (n8n's AI Agent), {@code {"text"}}, {@code {"message"}}, {@code {"delta"}}, OpenAI's
 * {@code {"choices":[{"delta":{"content"}}]}} / {@code {"choices":[{"message":{"content"}}]}}, or an array of those
 * (n8n's "all entries"), joined by blank lines. Null when the value carries no text (e.g. a role-only delta).
 */
final class AnswerText {

    private static final String[] FIELDS = {"content", "output", "text", "message", "delta"};

    private AnswerText() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            StringBuilder joined = null;
            for (JsonNode element : value) {
                String text = of(element);
                if (text != null && !text.isEmpty()) {
                    joined = joined == null ? new StringBuilder(text) : joined.append("\n\n").append(text);
                }
            }
            return joined == null ? null : joined.toString();
        }
        if (!value.isObject()) {
            return null;
        }
        for (String field : FIELDS) {
            JsonNode candidate = value.get(field);
            if (candidate != null && (candidate.isTextual() || candidate.isObject() && !field.equals("message"))) {
                String text = of(candidate);
                if (text != null) {
                    return text;
                }
            }
        }
        JsonNode choices = value.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            String text = of(choice.get("delta"));
            return text != null ? text : of(choice.get("message"));
        }
        return null;
    }

    /** n8n's (or an agent's) own error text in an error body, e.g. {@code {"message": "Workflow failed"}}. */
    static String errorMessage(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        for (String field : new String[] {"message", "error", "content", "detail"}) {
            JsonNode candidate = value.get(field);
            if (candidate != null && candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
            if (candidate != null && candidate.isObject()) {
                String nested = errorMessage(candidate);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
