package io.chatgateway.relay;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent's error says beyond its message, for the engineers who run the workflow: the name of the node
 * that failed, n8n's description and its hint. n8n sends them as {@code {"message", "description", "hint",
 * "node": {"name"}}} in error bodies, {@code {"hint"}} next to the message of a webhook's own errors and
 * {@code {"metadata": {"nodeName"}}} on the error line of a streaming answer (also nested in {@code "error"}).
 * Only these fields are read, never anything else of the body (n8n errors can carry the failed request, with its
 * credentials), and each is cut short.
 */
final class UpstreamErrorDetails {

    /** Characters of the agent's own message that an error text quotes. */
    static final int MAX_MESSAGE = 300;
    private static final int MAX_FIELD = 200;
    private static final int MAX_DETAILS = 300;

    private UpstreamErrorDetails() {
    }

    /** {@code ' (node "AI Agent"; hint: ...)'}, or "" when the value names none of them. */
    static String of(JsonNode value, String message) {
        if (value == null || !value.isObject()) {
            return "";
        }
        JsonNode error = value.path("error");
        List<String> parts = new ArrayList<>(3);
        String node = first(text(value.path("node").path("name")), text(value.path("node")),
                text(value.path("metadata").path("nodeName")), text(value.path("nodeName")),
                text(error.path("node").path("name")), text(error.path("metadata").path("nodeName")));
        if (node != null) {
            parts.add("node \"" + bounded(node, MAX_FIELD) + "\"");
        }
        String description = first(text(value.path("description")), text(error.path("description")));
        if (description != null && (message == null || !message.contains(description))) {
            parts.add("description: " + bounded(description, MAX_FIELD));
        }
        String hint = first(text(value.path("hint")), text(error.path("hint")));
        if (hint != null) {
            parts.add("hint: " + bounded(hint, MAX_FIELD));
        }
        return parts.isEmpty() ? "" : " (" + bounded(String.join("; ", parts), MAX_DETAILS) + ")";
    }

    /** The text cut to {@code max} characters (an ellipsis marks the cut). */
    static String bounded(String text, int max) {
        String stripped = text.strip();
        return stripped.length() > max ? stripped.substring(0, max) + "…" : stripped;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
