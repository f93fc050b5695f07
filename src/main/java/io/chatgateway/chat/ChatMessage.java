package io.chatgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A message as stored in a chat's JSONB array (documentation of {@link Chat#messages()}; the array is relayed as
 * stored). Assistant messages carry a status, and the error text when the answer failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String id,
                          @Schema(allowableValues = {"user", "assistant"}) String role,
                          String content,
                          @Schema(description = "ISO-8601 time the message was saved") String timestamp,
                          @Schema(allowableValues = {"complete", "interrupted", "stopped", "error"}) String status,
                          String error) {
}
