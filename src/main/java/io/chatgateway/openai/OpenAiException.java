package io.chatgateway.openai;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.OpenAiError;

/**
 * A refusal of the /v1 API with what OpenAI's error object names: {@code type}, {@code param} (the request field at
 * fault, or null) and {@code code}, and whether an OpenAI SDK may send the request again ({@code x-should-retry};
 * null leaves it to the SDK, which retries 408, 409, 429 and 5xx).
 */
public class OpenAiException extends ApiException {

    private final String type;
    private final String param;
    private final String code;
    private final Boolean shouldRetry;
    private final Long retryAfterSeconds;

    public OpenAiException(int status, String message, String type, String param, String code, Boolean shouldRetry) {
        this(status, message, type, param, code, shouldRetry, null);
    }

    private OpenAiException(int status, String message, String type, String param, String code, Boolean shouldRetry,
                            Long retryAfterSeconds) {
        super(status, message);
        this.type = type;
        this.param = param;
        this.code = code;
        this.shouldRetry = shouldRetry;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same error with a {@code Retry-After} (seconds; null for none). */
    public OpenAiException retryingAfter(Long seconds) {
        return new OpenAiException(status(), detail(), type, param, code, shouldRetry, seconds);
    }

    /** 400 {@code invalid_request_error} naming the field at fault. */
    public static OpenAiException invalid(String param, String message) {
        return new OpenAiException(400, message, OpenAiError.INVALID_REQUEST, param, null, null);
    }

    /** 400 for a field with a value this gateway does not support ({@code n > 1}, tools, images...). */
    public static OpenAiException unsupported(String param, String message) {
        return new OpenAiException(400, message, OpenAiError.INVALID_REQUEST, param, "unsupported_value", null);
    }

    /** 404 {@code model_not_found}: no such active agent in the team, or one the key may not use. */
    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(404, "The model `" + model + "` does not exist or you do not have access to it.",
                OpenAiError.INVALID_REQUEST, "model", "model_not_found", null);
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public Boolean shouldRetry() {
        return shouldRetry;
    }

    @Override
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
