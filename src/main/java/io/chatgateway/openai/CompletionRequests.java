package io.chatgateway.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a chat completion request as OpenAI clients send it and reads it into a {@link ChatCompletionRequest}: every
 * refusal is a 400 {@code invalid_request_error} naming the field ({@code param}, e.g. {@code messages[2].content}).
 */
final class CompletionRequests {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final int MAX_USER_LENGTH = 256;

    private CompletionRequests() {
    }

    static ChatCompletionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OpenAiException.invalid(null, "The request body must be a JSON object.");
        }
        refuseUnsupported(body);
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw OpenAiException.invalid("model", "You must provide a model parameter.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw OpenAiException.invalid("model", "model must be a non-empty string.");
        }
        List<ChatCompletionRequest.Message> messages = messages(body.get("messages"));
        JsonNode streamOptions = body.get("stream_options");
        if (present(streamOptions) && !streamOptions.isObject()) {
            throw OpenAiException.invalid("stream_options", "stream_options must be an object.");
        }
        Boolean includeUsage = present(streamOptions)
                ? bool(streamOptions.get("include_usage"), "stream_options.include_usage") : null;
        // max_completion_tokens is the newer name of max_tokens
        String maxTokensName = present(body.get("max_tokens")) ? "max_tokens" : "max_completion_tokens";
        return new ChatCompletionRequest(
                model.asText(),
                messages,
                bool(body.get("stream"), "stream"),
                includeUsage == null ? null : new ChatCompletionRequest.StreamOptions(includeUsage),
                user(body.get("user")),
                number(body.get("temperature"), "temperature", 0, 2),
                count(body.get(maxTokensName), maxTokensName),
                number(body.get("top_p"), "top_p", 0, 1),
                null);
    }

    private static void refuseUnsupported(JsonNode body) {
        JsonNode n = body.get("n");
        if (present(n) && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw OpenAiException.unsupported("n", "Only n=1 is supported: an agent gives one answer.");
        }
        for (String field : new String[] {"tools", "functions"}) {
            JsonNode value = body.get(field);
            if (present(value) && !(value.isArray() && value.isEmpty())) {
                throw OpenAiException.unsupported(field, field
                        + " are not supported: the agent decides which tools it uses.");
            }
        }
    }

    private static List<ChatCompletionRequest.Message> messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw OpenAiException.invalid("messages", "You must provide a messages parameter.");
        }
        if (!messages.isArray()) {
            throw OpenAiException.invalid("messages", "messages must be an array.");
        }
        if (messages.isEmpty()) {
            throw OpenAiException.invalid("messages", "messages must not be empty.");
        }
        List<ChatCompletionRequest.Message> read = new ArrayList<>(messages.size());
        boolean conversation = false;
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw OpenAiException.invalid(param, param + " must be an object.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw OpenAiException.invalid(param + ".role", param + ".role is required.");
            }
            if (!ROLES.contains(role.asText())) {
                throw OpenAiException.unsupported(param + ".role", "Role '" + role.asText()
                        + "' is not supported: use system, developer, user or assistant.");
            }
            if (present(message.get("tool_calls")) || present(message.get("function_call"))) {
                throw OpenAiException.unsupported(param + ".tool_calls", "Tool calls are not supported.");
            }
            ChatCompletionRequest.Message checked = new ChatCompletionRequest.Message(role.asText(),
                    content(message.get("content"), param + ".content"));
            conversation |= !checked.instructs();
            read.add(checked);
        }
        if (!conversation) {
            throw OpenAiException.invalid("messages", "messages must contain a user or assistant message.");
        }
        return read;
    }

    /** A string, or an array of text parts ({@code {"type": "text", "text": "..."}}) joined with newlines. */
    private static String content(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            throw OpenAiException.invalid(param, param + " is required.");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiException.invalid(param, param + " must be a string or an array of text parts.");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            JsonNode type = part.isObject() ? part.get("type") : null;
            if (type == null || !"text".equals(type.asText())) {
                throw OpenAiException.unsupported(partParam + ".type", "Only text content parts are supported"
                        + (type != null && type.isTextual() ? ", not '" + type.asText() + "'." : "."));
            }
            JsonNode partText = part.get("text");
            if (partText == null || !partText.isTextual()) {
                throw OpenAiException.invalid(partParam + ".text", partParam + ".text must be a string.");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(partText.asText());
        }
        return text.toString();
    }

    private static Boolean bool(JsonNode value, String param) {
        if (!present(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            throw OpenAiException.invalid(param, param + " must be true or false.");
        }
        return value.asBoolean();
    }

    private static Double number(JsonNode value, String param, double min, double max) {
        if (!present(value)) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw OpenAiException.invalid(param, param + " must be a number from " + (int) min + " to " + (int) max + ".");
        }
        return value.asDouble();
    }

    private static Integer count(JsonNode value, String param) {
        if (!present(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
            throw OpenAiException.invalid(param, param + " must be a whole number of at least 1.");
        }
        return value.asInt();
    }

    private static String user(JsonNode value) {
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_USER_LENGTH) {
            throw OpenAiException.invalid("user", "user must be a string of at most " + MAX_USER_LENGTH + " characters.");
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
