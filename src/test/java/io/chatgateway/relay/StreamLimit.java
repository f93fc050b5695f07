package io.chatgateway.relay;

import org.springframework.context.ApplicationContext;

/** Sets a running gateway's limit of open streams ({@link RunningGenerations}) from tests outside this package. */
public final class StreamLimit {

    private StreamLimit() {
    }

    /** Sets the limit and returns the one it replaces. */
    public static int set(ApplicationContext context, int limit) {
        RunningGenerations running = context.getBean(RunningGenerations.class);
        int before = running.limit();
        running.limit(limit);
        return before;
    }
}
