package io.chatgateway.system;

import java.util.UUID;

/**
 * The signed-in caller as cross-cutting code (the access log) sees it: the authentication filter leaves it on the
 * servlet request under {@link #REQUEST_ATTRIBUTE}.
 */
public interface Caller {

    String REQUEST_ATTRIBUTE = Caller.class.getName();

    UUID userId();

    UUID teamId();
}
