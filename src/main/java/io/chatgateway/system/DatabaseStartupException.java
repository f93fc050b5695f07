package io.chatgateway.system;

/**
 * The database cannot be had for a reason the operator can fix (no DATABASE_URL where one is needed, the embedded
 * PostgreSQL's folder in use or blocked). Reported by {@link DatabaseStartupFailureAnalyzer} as a short
 * description and action instead of a stack trace.
 */
public class DatabaseStartupException extends IllegalStateException {

    private final String action;

    public DatabaseStartupException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
