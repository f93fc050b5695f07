package io.chatgateway.system;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of single fields of typed request bodies; every refusal is a 422 naming the field. PostgreSQL's text and
 * jsonb refuse the NUL character, so no accepted string contains one.
 */
public final class Fields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Fields() {
    }

    /** A string of min..max characters after trimming, or null when absent and not required. */
    public static String text(String field, String value, boolean required, int min, int max) {
        if (value == null) {
            if (required) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        String trimmed = noNul(field, value).trim();
        if (trimmed.length() < min) {
            throw ApiException.invalid(field, min <= 1 ? "must not be empty" : "must be at least " + min + " characters");
        }
        if (trimmed.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    /** Like {@link #text} but keeps surrounding whitespace (passwords, message content, prompts). */
    public static String rawText(String field, String value, boolean required, int min, int max) {
        if (value == null) {
            if (required) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        noNul(field, value);
        if (value.length() < min) {
            throw ApiException.invalid(field, "must be at least " + min + " characters");
        }
        if (value.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    public static String email(String field, String value) {
        String email = text(field, value, true, 3, 254);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalid(field, "must be an email address");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiException.invalid(field, "is required");
        }
        return value;
    }

    public static String noNul(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain NUL characters");
        }
        return value;
    }
}
