package io.chatgateway.relay;

/** A failed answer: its error kind and the text the user sees (never a secret or a stack trace). */
class RelayException extends RuntimeException {

    final RelayError error;

    RelayException(RelayError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }
}
