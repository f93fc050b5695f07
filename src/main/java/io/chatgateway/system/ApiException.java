package io.chatgateway.system;

import java.util.List;
import java.util.UUID;

/**
 * A refusal the client should see as it is: an HTTP status and a {@code detail} text, optionally with field
 * errors. Anything else that escapes a route is answered as a 500 without details.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;
    private UUID generationId;

    public ApiException(int status, String detail) {
        this(status, detail, List.of(), null);
    }

    private ApiException(int status, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = errors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, detail);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, detail);
    }

    /** 422 for one invalid field. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, field + ": " + message, List.of(new FieldError(field, message)), null);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, detail, List.of(), retryAfterSeconds);
    }

    /** 503: the service is busy or restarting; the client may try again after the given seconds. */
    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, detail, List.of(), retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** A conflict about a generation names it, so that the client can attach to it. */
    protected final void withGenerationId(UUID generationId) {
        this.generationId = generationId;
    }

    public UUID generationId() {
        return generationId;
    }

    public ErrorBody body() {
        return new ErrorBody(detail(), errors, generationId);
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
