package io.chatgateway.system;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes the API's JSON error body from servlet filters (which run before any Camel route). */
@Component
public class JsonErrorWriter {

    private final ObjectMapper objectMapper;

    public JsonErrorWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletResponse response, int status, String detail) throws IOException {
        write(response, status, ErrorBody.of(detail));
    }

    public void write(HttpServletResponse response, ApiException error) throws IOException {
        if (error.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        write(response, error.status(), error.body());
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), body);
    }
}
