package io.chatgateway.system;

/** Checks shared by every typed request body the REST binding hands to a route's bean. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The binding leaves the body null when the request had none (or it was empty): a 400, like a bare value. */
    public static <T> T require(T body) {
        if (body == null) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return body;
    }
}
