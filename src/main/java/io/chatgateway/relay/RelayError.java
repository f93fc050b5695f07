package io.chatgateway.relay;

/** Why an answer failed: the machine {@code code} of the error event, and the HTTP status for JSON clients. */
enum RelayError {
    CONNECT_TIMEOUT("connect_timeout", 504, false),
    FIRST_BYTE_TIMEOUT("first_byte_timeout", 504, true),
    IDLE_TIMEOUT("idle_timeout", 504, true),
    TOTAL_TIMEOUT("total_timeout", 504, true),
    UPSTREAM_UNREACHABLE("upstream_unreachable", 502, false),
    UPSTREAM_BROKEN("upstream_broken", 502, false),
    UPSTREAM_STATUS("upstream_status", 502, false),
    UPSTREAM_ERROR("upstream_error", 502, false),
    INVALID_ANSWER("invalid_answer", 502, false),
    EMPTY_ANSWER("empty_answer", 502, false),
    LINE_TOO_LONG("line_too_long", 502, true),
    ANSWER_TOO_LARGE("answer_too_large", 502, true),
    OVERLOADED("overloaded", 503, true),
    CLIENT_DISCONNECTED("client_disconnected", 499, true),
    SHUTDOWN("shutdown", 503, false),
    MESSAGE_NOT_SAVED("message_not_saved", 503, true),
    STOPPED("stopped", 409, true),
    INTERNAL("internal_error", 500, true);

    final String code;
    final int httpStatus;
    /**
     * The gateway gave up on an answer that n8n was still sending: its execution (and the model it pays for) would
     * run on for nobody, so it is asked to stop ({@link ExecutionStopper}). Not for a shutdown (a replica going away
     * sends no burst of API calls), nor where n8n ended the answer itself or was never reached.
     */
    final boolean leavesExecutionRunning;

    RelayError(String code, int httpStatus, boolean leavesExecutionRunning) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.leavesExecutionRunning = leavesExecutionRunning;
    }
}
