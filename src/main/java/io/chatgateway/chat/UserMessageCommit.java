package io.chatgateway.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The commit of a send's user message, running while n8n is called (see {@link ChatMessageStore}). */
public final class UserMessageCommit {

    private final CompletableFuture<Void> commit;

    UserMessageCommit(CompletableFuture<Void> commit) {
        this.commit = commit;
    }

    /** Waits for the commit: true once the user message is durable, false when it could not be saved. */
    public boolean succeeded() {
        try {
            commit.join();
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }
}
