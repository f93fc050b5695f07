package io.chatgateway.system;

/** One refused field of a request: its name as sent (snake_case) and what is wrong with it. */
public record FieldError(String field, String message) {
}
