package io.chatgateway.system;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads and checks fields of a parsed JSON object; every refusal is a 422 naming the field. */
public final class JsonFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final Map<String, Object> body;

    private JsonFields(Map<String, Object> body) {
        this.body = body;
    }

    public static JsonFields of(Map<String, Object> body) {
        if (body == null) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return new JsonFields(body);
    }

    /** A parsed request body that must be a JSON object: an array or a bare value is a 400. */
    @SuppressWarnings("unchecked")
    public static JsonFields of(Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return new JsonFields((Map<String, Object>) map);
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    /** Sent, with the value null. */
    public boolean isNull(String field) {
        return body.containsKey(field) && body.get(field) == null;
    }

    /** A string of min..max characters (after trimming), or null when absent and not required. */
    public String text(String field, boolean required, int min, int max) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String string)) {
            throw ApiException.invalid(field, "must be a string");
        }
        String trimmed = string.trim();
        if (trimmed.length() < min) {
            throw ApiException.invalid(field, min <= 1 ? "must not be empty" : "must be at least " + min + " characters");
        }
        if (trimmed.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    /** Like {@link #text} but keeps surrounding whitespace (passwords, message content). */
    public String rawText(String field, boolean required, int min, int max) {
        Object value = body.get(field);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String string)) {
            throw ApiException.invalid(field, value == null ? "is required" : "must be a string");
        }
        if (string.length() < min) {
            throw ApiException.invalid(field, "must be at least " + min + " characters");
        }
        if (string.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return string;
    }

    public String email(String field) {
        String email = text(field, true, 3, 254);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalid(field, "must be an email address");
        }
        return email.toLowerCase(java.util.Locale.ROOT);
    }

    public Boolean bool(String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean bool)) {
            throw ApiException.invalid(field, "must be true or false");
        }
        return bool;
    }

    public UUID uuid(String field, boolean required) {
        String value = text(field, required, 1, 64);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "must be a UUID");
        }
    }

    public String oneOf(String field, boolean required, String... allowed) {
        String value = text(field, required, 1, 64);
        if (value == null) {
            return null;
        }
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw ApiException.invalid(field, "must be one of " + String.join(", ", allowed));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.invalid(field, "must be a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
