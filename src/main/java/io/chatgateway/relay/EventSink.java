package io.chatgateway.relay;

/**
 * Where a generation's events go: the SSE response, an OpenAI chunk stream ({@code openai.OpenAiChunkSink}), or nowhere
 * (JSON clients wait for the saved message).
 */
public interface EventSink {

    EventSink NONE = new EventSink() {
    };

    /** One event of the generation: its SSE id ({@code <generation_id>:<seq>}) and its JSON. */
    default void event(String id, String json) {
    }

    /** Sends a keep-alive comment unless something was written within the interval. */
    default void heartbeatIfIdle(long intervalNanos) {
    }

    /** Nanos of the last write, for the watchdog; 0 when there is no client to keep alive. */
    default long lastWriteNanos() {
        return 0;
    }

    /** False once the client has gone: nothing is written any more. */
    default boolean attached() {
        return false;
    }
}
