package io.chatgateway.system;

/** 404 with a message; routes throw it by name ({@code throwException}) when a scoped query finds nothing. */
public class NotFoundException extends ApiException {

    public NotFoundException(String detail) {
        super(404, detail);
    }
}
