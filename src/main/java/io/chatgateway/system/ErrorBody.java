package io.chatgateway.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one error shape of the API: {@code {"detail": "...", "errors": [...]}} (errors only when there are some). */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(String detail, List<Map<String, String>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", detail);
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }

    public static Map<String, Object> of(String detail) {
        return of(detail, List.of());
    }
}
