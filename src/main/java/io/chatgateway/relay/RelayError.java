package io.chatgateway.relay;

/** Why an answer failed: the machine {@code code} of the error event, and the HTTP status for JSON clients. */
enum RelayError {
    CONNECT_TIMEOUT("connect_timeout", 504),
    FIRST_BYTE_TIMEOUT("first_byte_timeout", 504),
    IDLE_TIMEOUT("idle_timeout", 504),
    TOTAL_TIMEOUT("total_timeout", 504),
    UPSTREAM_UNREACHABLE("upstream_unreachable", 502),
    UPSTREAM_BROKEN("upstream_broken", 502),
    UPSTREAM_STATUS("upstream_status", 502),
    UPSTREAM_ERROR("upstream_error", 502),
    INVALID_ANSWER("invalid_answer", 502),
    EMPTY_ANSWER("empty_answer", 502),
    LINE_TOO_LONG("line_too_long", 502),
    ANSWER_TOO_LARGE("answer_too_large", 502),
    OVERLOADED("overloaded", 503),
    CLIENT_DISCONNECTED("client_disconnected", 499),
    SHUTDOWN("shutdown", 503),
    MESSAGE_NOT_SAVED("message_not_saved", 503),
    STOPPED("stopped", 409),
    INTERNAL("internal_error", 500);

    final String code;
    final int httpStatus;

    RelayError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }
}
