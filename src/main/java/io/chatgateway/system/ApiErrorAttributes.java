package io.chatgateway.system;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.NullNode;
import jakarta.servlet.RequestDispatcher;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors that Spring itself answers (unknown path, wrong method...) take the API's {"detail": ...} shape too; under
 * /v1 (the OpenAI-compatible API) OpenAI's {"error": {"message", "type", "param", "code"}}, which its clients read.
 */
@Component
public class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Object status = super.getErrorAttributes(request, ErrorAttributeOptions.defaults()).get("status");
        HttpStatus httpStatus = status instanceof Integer code ? HttpStatus.resolve(code) : null;
        String reason = httpStatus == null ? "Error" : httpStatus.getReasonPhrase();
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI, RequestAttributes.SCOPE_REQUEST);
        if (path instanceof String uri && (uri.equals("/v1") || uri.startsWith("/v1/"))) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", reason);
            error.put("type", "invalid_request_error");
            // JSON nulls: the API's mapper leaves null map values out, OpenAI clients expect the fields
            error.put("param", NullNode.getInstance());
            error.put("code", NullNode.getInstance());
            return Map.of("error", error);
        }
        return Map.of("detail", reason);
    }
}
