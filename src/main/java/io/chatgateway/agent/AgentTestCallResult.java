package io.chatgateway.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a test call found: n8n's HTTP status and content type (null when it was not reached), how long it took, the
 * answer as the chat would show it (null when there is none), the first 4 KiB of what n8n sent, and the error the
 * chat would show (null when the answer is fine) with its code (the error event's code, README "Errors"). Every
 * field is written, null ones too.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AgentTestCallResult(
        @Schema(description = "The HTTP status n8n answered with; null when it was not reached", nullable = true) Integer status,
        @Schema(nullable = true) String contentType,
        long durationMs,
        @Schema(description = "The text the chat would show; null when there is none", nullable = true) String answer,
        @Schema(description = "The first 4 KiB of what n8n sent", nullable = true) String body,
        @Schema(description = "The error the chat would show; null when the answer is fine", nullable = true) String error,
        @Schema(description = "The error event's code (connect_timeout, upstream_status, ...)", nullable = true) String errorCode) {
}
