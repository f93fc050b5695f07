package io.chatgateway.auth;

import java.util.HashMap;
import java.util.Map;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.JsonFields;

/**
 * Checks one field of a typed request body with the rules and texts of {@link JsonFields} (which reads its fields
 * from a parsed map), and refuses NUL characters anywhere: PostgreSQL text cannot hold them, and bcrypt
 * implementations written in C stop reading a password at the first one.
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** The body of a verb that needs one: a missing or empty body arrives as null. */
    public static <T> T require(T body) {
        if (body == null) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return body;
    }

    /** Trimmed, min..max characters; null when absent and not required. */
    public static String text(String field, String value, boolean required, int min, int max) {
        return one(field, value).text(field, required, min, max);
    }

    /** Like {@link #text} but keeps surrounding whitespace (passwords). */
    public static String rawText(String field, String value, boolean required, int min, int max) {
        return one(field, value).rawText(field, required, min, max);
    }

    /** A required email address, lower-cased. */
    public static String email(String field, String value) {
        return one(field, value).email(field);
    }

    /** One of the allowed values, or null when absent. */
    public static String oneOf(String field, String value, String... allowed) {
        return one(field, value).oneOf(field, false, allowed);
    }

    private static JsonFields one(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain NUL characters");
        }
        Map<String, Object> body = new HashMap<>();
        body.put(field, value);
        return JsonFields.of(body);
    }
}
