package io.chatgateway.system;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** Path ids for routes: {@code pathIds.parse(${header.id}, 'Chat')} — not a UUID means not found. */
@Component("pathIds")
public class PathIds {

    public UUID parse(String value, String what) {
        return parseId(value, what);
    }

    /** A path id: anything that is not a UUID cannot name a resource, so it is simply not found. */
    public static UUID parseId(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what + " not found");
        }
    }
}
