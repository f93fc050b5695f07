package io.chatgateway.system;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** Path ids for routes: {@code pathIds.parse(${header.id}, 'Chat')} — not a UUID means not found. */
@Component("pathIds")
public class PathIds {

    public UUID parse(String value, String what) {
        return JsonFields.pathId(value, what);
    }
}
