package io.chatgateway.system;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error shape of the API: {@code {"detail": "...", "errors": [...]}}, {@code errors} only for
 * validation failures (422).
 */
public record ErrorBody(String detail, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static ErrorBody of(String detail) {
        return new ErrorBody(detail, List.of());
    }
}
