package io.chatgateway.agent;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.chatgateway.system.JsonErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring parses a multipart upload before any route runs, and its own answer to an upload it cannot take is an
 * empty 413 (over spring.servlet.multipart.max-file-size) or a 500 with a stack trace in the log (no boundary,
 * a body cut short). Both are the client's doing: this answers with the API's JSON error instead, and the access
 * log's line is the only one written (the parser's reason at DEBUG).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadErrorResolver implements HandlerExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(UploadErrorResolver.class);
    private static final int MAX_REASON = 200;

    private final JsonErrorWriter errors;
    private final long maxBytes;

    public UploadErrorResolver(JsonErrorWriter errors, AgentProperties properties) {
        this.errors = errors;
        this.maxBytes = properties.avatarMaxSize().toBytes();
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception exception) {
        if (!(exception instanceof MultipartException)) {
            return null;
        }
        try {
            if (exception instanceof MaxUploadSizeExceededException) {
                errors.write(response, 413, "The upload is larger than " + maxBytes + " bytes");
            } else {
                String reason = reason(exception);
                log.debug("Unreadable multipart upload to {}: {}", request.getRequestURI(), reason);
                errors.write(response, 400, "The upload is not readable multipart/form-data (" + reason + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelAndView();
    }

    /** The parser's own words (e.g. "Stream ended unexpectedly"), which say what is wrong with the body. */
    private static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > MAX_REASON ? message.substring(0, MAX_REASON) + "…" : message;
    }
}
