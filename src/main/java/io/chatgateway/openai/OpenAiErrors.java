package io.chatgateway.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.OpenAiError;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns whatever a /v1 route threw into OpenAI's error object with its status (routes/openai.camel.yaml catches
 * every exception of its routes here, so none reaches the API's {@code {"detail"}} handler). An
 * {@link OpenAiException} says everything itself; any other {@link ApiException} (e.g. 429 of the quotas, 503 of a
 * busy replica) gets the type and code of its status; anything else is a 500 {@code server_error} without details.
 */
@Component("openAiErrors")
public class OpenAiErrors {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);
    /** A wait longer than this is a quota of the month, not a rate of the minute: retrying soon cannot help. */
    private static final long RATE_LIMIT_MAX_RETRY_AFTER = 60;

    /** Every field written, nulls too ({@code "param": null}): the API's own mapper leaves nulls out. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public void respond(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        OpenAiException openAi = of(error);
        if (openAi.status() >= 500 && !(error instanceof ApiException)) {
            log.error("Request {} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                    exchange.getIn().getHeader(Exchange.HTTP_URI), error);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, openAi.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (openAi.retryAfterSeconds() != null) {
            out.setHeader("Retry-After", openAi.retryAfterSeconds());
        }
        if (openAi.shouldRetry() != null) {
            responseHeader(exchange, "x-should-retry", openAi.shouldRetry().toString());
        }
        out.setBody(bytes(openAi));
    }

    /**
     * Sets a header of the HTTP response itself: Camel passes on only the headers of its allow-list
     * ({@code system.ResponseHeaderPolicy}), so that request headers are never echoed.
     */
    static void responseHeader(Exchange exchange, String name, String value) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getResponse() != null) {
            http.getResponse().setHeader(name, value);
        }
    }

    /** The error object as OpenAI writes it: {@code {"error": {"message", "type", "param", "code"}}}. */
    static byte[] bytes(OpenAiException error) {
        try {
            return JSON.writeValueAsBytes(
                    new OpenAiError.Body(new OpenAiError.Error(error.detail(), error.type(), error.param(), error.code())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The OpenAI error of a failure: its own, the one of an {@link ApiException}'s status, or a 500. */
    static OpenAiException of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OpenAiException openAi) {
                return openAi;
            }
            if (cause instanceof ApiException api) {
                return of(api);
            }
        }
        return new OpenAiException(500, "The server had an error while processing your request.", "server_error",
                null, null, null);
    }

    private static OpenAiException of(ApiException error) {
        int status = error.status();
        OpenAiException mapped = switch (status) {
            case 401 -> new OpenAiException(status, error.detail(), OpenAiError.INVALID_REQUEST, null,
                    OpenAiError.INVALID_API_KEY, null);
            case 403 -> new OpenAiException(status, error.detail(), "permission_error", null, null, false);
            case 404 -> new OpenAiException(status, error.detail(), OpenAiError.INVALID_REQUEST, null, "not_found", null);
            case 409 -> new OpenAiException(status, error.detail(), OpenAiError.INVALID_REQUEST, null, "conflict", false);
            case 429 -> error.retryAfterSeconds() != null && error.retryAfterSeconds() > RATE_LIMIT_MAX_RETRY_AFTER
                    ? new OpenAiException(status, error.detail(), "insufficient_quota", null, "insufficient_quota", false)
                    : new OpenAiException(status, error.detail(), "rate_limit_exceeded", null, "rate_limit_exceeded", null);
            case 503 -> new OpenAiException(status, error.detail(), "server_error", null, "service_unavailable", null);
            default -> status >= 500
                    ? new OpenAiException(status, error.detail(), "server_error", null, null, null)
                    : new OpenAiException(status, error.detail(), OpenAiError.INVALID_REQUEST,
                            error.errors().isEmpty() ? null : error.errors().get(0).field(), null, null);
        };
        return mapped.retryingAfter(error.retryAfterSeconds());
    }
}
