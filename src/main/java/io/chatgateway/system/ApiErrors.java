package io.chatgateway.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns whatever a route threw into the API's JSON error response. Called by the shared route configuration
 * (routes/error-handling.camel.yaml), so no route handles errors on its own.
 */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectMapper objectMapper;

    public ApiErrors(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException apiError = toApiException(error);
        // a refusal the service chose (an ApiException, e.g. 503 while busy) is no failure of its own
        if (apiError.status() >= 500 && !(error instanceof ApiException)) {
            log.error("Request {} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                    exchange.getIn().getHeader(Exchange.HTTP_URI), error);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, apiError.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (apiError.retryAfterSeconds() != null) {
            out.setHeader("Retry-After", apiError.retryAfterSeconds());
        }
        out.setBody(objectMapper.writeValueAsString(apiError.body()));
    }

    static ApiException toApiException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException apiException) {
                return apiException;
            }
            if (cause instanceof JsonProcessingException json) {
                return JsonBindingErrors.toApiException(json);
            }
            if (cause instanceof InvalidPayloadException) {
                // the binding leaves a body of only whitespace unparsed, and the bean cannot take it as its record
                return ApiException.badRequest("Request body must be a JSON object");
            }
        }
        return new ApiException(500, "Internal server error");
    }
}
