package io.chatgateway.agent;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.chatgateway.system.JsonErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring's multipart parsing refuses an upload over spring.servlet.multipart.max-file-size before any route
 * runs; its own answer is an empty 413. This answers with the API's JSON error instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadTooLargeResolver implements HandlerExceptionResolver {

    private final JsonErrorWriter errors;
    private final long maxBytes;

    public UploadTooLargeResolver(JsonErrorWriter errors, AgentProperties properties) {
        this.errors = errors;
        this.maxBytes = properties.avatarMaxSize().toBytes();
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception exception) {
        if (!(exception instanceof MaxUploadSizeExceededException)) {
            return null;
        }
        try {
            errors.write(response, 413, "The upload is larger than " + maxBytes + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelAndView();
    }
}
