package io.chatgateway.system;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What the REST binding's Jackson refusals mean to the client: a body that is not JSON or not an object is a 400,
 * a field of the wrong type a 422 naming the field, with the same texts as the checks in Java ({@link Fields}).
 */
final class JsonBindingErrors {

    private JsonBindingErrors() {
    }

    static ApiException toApiException(JsonProcessingException error) {
        if (!(error instanceof MismatchedInputException mismatch)) {
            return ApiException.badRequest("Malformed JSON in request body");
        }
        if (mismatch.getPath().isEmpty()) {
            return ApiException.badRequest("Request body must be a JSON object");
        }
        return ApiException.invalid(fieldOf(mismatch), expected(mismatch.getTargetType()));
    }

    private static String fieldOf(MismatchedInputException error) {
        return error.getPath().stream()
                .map(JsonBindingErrors::name)
                .collect(Collectors.joining("."));
    }

    private static String name(JsonMappingException.Reference reference) {
        return reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (type.isEnum()) {
            return "must be one of " + enumValues(type);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (Map.class.isAssignableFrom(type) || JsonNode.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a JSON object";
        }
        return "has the wrong type";
    }

    private static String enumValues(Class<?> type) {
        StringBuilder values = new StringBuilder();
        for (Object constant : type.getEnumConstants()) {
            if (!values.isEmpty()) {
                values.append(", ");
            }
            values.append(constant.toString());
        }
        return values.toString();
    }
}
