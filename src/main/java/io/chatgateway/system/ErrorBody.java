package io.chatgateway.system;

import java.util.List;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The one error shape of the API: {@code {"detail": "...", "errors": [...]}}, {@code errors} only for
 * validation failures (422).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorBody(String detail,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
                        @Schema(description = "409 about a generation: the one running (or the last one)")
                        @JsonInclude(JsonInclude.Include.NON_NULL) UUID generationId) {

    public static ErrorBody of(String detail) {
        return new ErrorBody(detail, List.of(), null);
    }
}
