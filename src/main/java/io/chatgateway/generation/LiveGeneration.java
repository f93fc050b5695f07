package io.chatgateway.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A generation this replica runs, in memory: numbers its events (seq from 1, no gaps), keeps those not yet written to
 * PostgreSQL, hands every event to the followers on this replica as it happens, and carries the stop hook. Events
 * already written are read from the database ({@code generation_chunks}); {@link #follow} tells a follower when it
 * must read there first.
 */
public final class LiveGeneration {

    /** Receives events in seq order, on the thread that publishes them: must not block. */
    public interface Follower {
        void event(int seq, String json);
    }

    /** Events first..last joined by newlines, as stored. */
    record Chunk(int firstSeq, int lastSeq, String events) {
    }

    /** A start not committed by then counts as failed; should it commit later, the reaper ends the generation. */
    private static final long START_COMMIT_TIMEOUT_MS = 10_000;

    private static final Follower[] NO_FOLLOWERS = new Follower[0];

    private final UUID id;
    /** "<id>:", the start of every event id of this generation. */
    private final String eventIdPrefix;
    private final UUID chatId;
    private final List<String> unwritten = new ArrayList<>();
    private final List<Follower> followers = new ArrayList<>();
    /** Held while this generation's events are being written, so that chunks go out in order. */
    final ReentrantLock writing = new ReentrantLock();
    private int lastSeq;
    private int writtenSeq;
    /** The seq of the final event once it is published (0 before). */
    private int finalSeq;
    private volatile boolean stopRequested;
    private volatile Runnable onStop = () -> { };
    /** Completes with true once the statement that started it is committed, false if that commit failed. */
    private volatile CompletableFuture<Boolean> saved = CompletableFuture.completedFuture(true);

    public LiveGeneration(UUID id, UUID chatId) {
        this.id = id;
        this.eventIdPrefix = id + ":";
        this.chatId = chatId;
    }

    public UUID id() {
        return id;
    }

    public UUID chatId() {
        return chatId;
    }

    /** The SSE id of an event of this generation: opaque to clients, resent by them as Last-Event-ID. */
    public String eventId(int seq) {
        return eventIdPrefix.concat(Integer.toString(seq));
    }

    /**
     * Numbers the event and hands it to this replica's followers; the caller (the generation's one publishing thread)
     * writes it to its own client. Followers are called outside the lock, so that a flush never waits for them.
     */
    public int publish(String json) {
        int seq;
        synchronized (this) {
            seq = ++lastSeq;
            unwritten.add(json);
        }
        deliver(seq, json);
        return seq;
    }

    /**
     * The final event: numbered, then {@code save} runs (it writes the event with the generation's end and answer),
     * and only then do this replica's followers get it, so that a client that re-reads the chat on the final event
     * finds the answer saved.
     */
    public int publishFinal(String json, Runnable save) {
        int seq;
        synchronized (this) {
            seq = ++lastSeq;
            unwritten.add(json);
            finalSeq = seq;
        }
        try {
            save.run();
        } finally {
            deliver(seq, json);
        }
        return seq;
    }

    private void deliver(int seq, String json) {
        Follower[] following;
        synchronized (this) {
            following = followers.isEmpty() ? NO_FOLLOWERS : followers.toArray(NO_FOLLOWERS);
        }
        for (Follower follower : following) {
            follower.event(seq, json);
        }
    }

    /**
     * Hands the follower every event after {@code afterSeq} that is still in memory, then every new one. False when
     * events after {@code afterSeq} have already left memory: read them from the database, then call again.
     */
    public synchronized boolean follow(int afterSeq, Follower follower) {
        if (afterSeq < writtenSeq) {
            return false;
        }
        // the final event reaches followers once it is saved (publishFinal), never from here before that
        int last = finalSeq > writtenSeq ? finalSeq - 1 : lastSeq;
        for (int seq = afterSeq + 1; seq <= last; seq++) {
            follower.event(seq, unwritten.get(seq - writtenSeq - 1));
        }
        followers.add(follower);
        return true;
    }

    public synchronized void unfollow(Follower follower) {
        followers.remove(follower);
    }

    /** What must be written next, or null; only under {@link #writing}. */
    synchronized Chunk unwrittenChunk() {
        if (unwritten.isEmpty()) {
            return null;
        }
        return new Chunk(writtenSeq + 1, lastSeq, String.join("\n", unwritten));
    }

    /** The chunk is in the database: its events leave memory. */
    synchronized void written(Chunk chunk) {
        unwritten.subList(0, chunk.lastSeq() - writtenSeq).clear();
        writtenSeq = chunk.lastSeq();
    }

    synchronized int lastSeq() {
        return lastSeq;
    }

    /** Runs {@code onStop} (the relay cuts n8n) once, now or as soon as it is set. */
    public void requestStop() {
        stopRequested = true;
        onStop.run();
    }

    public void onStop(Runnable hook) {
        onStop = hook;
        if (stopRequested) {
            hook.run();
        }
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    void savedWhen(CompletableFuture<Boolean> commit) {
        saved = commit;
    }

    /** Whether its start is committed already (never waits). */
    boolean isSaved() {
        CompletableFuture<Boolean> commit = saved;
        return commit.isDone() && commit.getNow(false);
    }

    /**
     * Waits for the commit of its start (the user message and the generation row), which runs while n8n is called:
     * nothing of the answer may reach a client before it. False when it failed (or took longer than the timeout).
     */
    public boolean awaitSaved() {
        try {
            return saved.get(START_COMMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
