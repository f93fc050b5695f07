package io.chatgateway.system;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

/**
 * An error of the /v1 API in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, which OpenAI
 * clients read (a {@code {"detail"}} body would reach their users as an unknown error). Written from servlet filters
 * too, before any route runs (e.g. 401 {@code invalid_api_key}).
 */
public final class OpenAiError {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String INVALID_API_KEY = "invalid_api_key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiError() {
    }

    /** The body of an error; {@code param} is always null here. */
    public record Body(Error error) {
    }

    public record Error(String message, String type, String param, String code) {
    }

    public static Body body(String message, String type, String code) {
        return new Body(new Error(message, type, null, code));
    }

    /** Writes the error unless the response is committed already. */
    public static void write(HttpServletResponse response, int status, String message, String type, String code)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body(message, type, code));
    }
}
