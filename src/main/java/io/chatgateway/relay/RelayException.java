package io.chatgateway.relay;

/**
 * A failed answer: its error kind and the text the user sees (never a secret or a stack trace); the cause, when
 * there is one, only goes to the log.
 */
class RelayException extends RuntimeException {

    final RelayError error;

    RelayException(RelayError error, String message) {
        this(error, message, null);
    }

    RelayException(RelayError error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
    }
}
