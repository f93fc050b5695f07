package io.chatgateway.system;

import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/** Errors that Spring itself answers (unknown path, wrong method...) take the API's {"detail": ...} shape too. */
@Component
public class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Object status = super.getErrorAttributes(request, ErrorAttributeOptions.defaults()).get("status");
        HttpStatus httpStatus = status instanceof Integer code ? HttpStatus.resolve(code) : null;
        return Map.of("detail", httpStatus == null ? "Error" : httpStatus.getReasonPhrase());
    }
}
