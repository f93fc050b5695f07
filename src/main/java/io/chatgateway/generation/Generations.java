package io.chatgateway.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.ChatMessage;
import io.chatgateway.chat.ChatStore;
import io.chatgateway.quota.Quotas;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The generations of the whole service. Those this replica runs are in memory ({@link LiveGeneration}); once a
 * flush interval their new events and heartbeats go to PostgreSQL in one statement, which also tells of stops asked
 * on other replicas. Any replica saves a generation whose owner stopped beating as interrupted, with the text its
 * events hold. The replica's id is new at every start, so a restarted pod never takes an old generation for its own.
 */
@Component
public class Generations implements SmartLifecycle {

    /** The last event of a generation that another replica saved after its owner died. */
    static final String INTERRUPTED_EVENT =
            "{\"type\":\"done\",\"data\":{\"message\":\"Interrupted\",\"reason\":\"interrupted\"}}";

    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    private final GenerationStore store;
    private final GenerationSignals signals;
    private final GenerationProperties properties;
    private final ObjectMapper json;
    private final Quotas quotas;
    private final ChatStore chats;
    private final String instanceId = UUID.randomUUID().toString();
    private final Map<UUID, LiveGeneration> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    Generations(GenerationStore store, GenerationSignals signals, GenerationProperties properties, ObjectMapper json,
                Quotas quotas, ChatStore chats) {
        this.store = store;
        this.chats = chats;
        this.quotas = quotas;
        this.signals = signals;
        this.properties = properties;
        this.json = json;
        signals.onStop(this::stopLocal);
    }

    /**
     * A started generation: its live state, the chat's history including the new user message, and the agent to call
     * ({@link Target}). Its start is being committed meanwhile: {@link LiveGeneration#awaitSaved} before relaying
     * anything of the answer.
     */
    public record Started<T>(LiveGeneration generation, String history, T target) {
    }

    /** Reads the agent to call from the start statement's row, and may refuse it before anything is saved. */
    public interface Target<T> {
        T read(ResultSet row) throws SQLException;

        /** Throws (an {@link ApiException}) to refuse the start: it is rolled back. */
        void check(T target);
    }

    /**
     * Changes the conversation as the turn says and starts the chat's generation, in one statement that also reads the
     * chat's agent. 404 when the chat is not the caller's; 409 (with the running generation's id) when the chat
     * already has one running — then nothing is saved; 409 when there is nothing to regenerate, 404 no such user
     * message to edit; 429 with Retry-After when a quota refuses it (concurrent generations, requests per minute,
     * tokens of the month); whatever
     * {@code target} refuses. Nothing is saved in any of these cases.
     */
    public <T> Started<T> start(Turn turn, UUID chatId, UUID teamId, UUID userId, Target<T> target) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tryStart(turn, chatId, teamId, userId, target);
            } catch (GenerationStore.AlreadyRunning e) {
                Optional<UUID> current = store.runningInChat(chatId, teamId, userId);
                // the one that was running has ended since: the chat is free again, try once more
                if (current.isPresent() || attempt == 3) {
                    throw new GenerationConflict("An answer is being generated in this chat; attach to it or stop it",
                            current.orElse(null));
                }
            }
        }
    }

    private <T> Started<T> tryStart(Turn turn, UUID chatId, UUID teamId, UUID userId, Target<T> target) {
        UUID id = UUID.randomUUID();
        LiveGeneration generation = new LiveGeneration(id, chatId);
        running.put(id, generation);
        try {
            StartTransaction.Begun<Started<T>> begun = store.start(turn, id, chatId, teamId, userId, instanceId,
                    quotas.admissionParams(userId, null), target, generation);
            Started<T> started = begun.row().orElseThrow(() -> refused(turn, chatId, teamId, userId));
            generation.savedWhen(begun.commit());
            return started;
        } catch (RuntimeException e) {
            running.remove(id);
            throw e;
        }
    }

    /**
     * Starts a generation that belongs to no chat (the OpenAI-compatible API): counted, stoppable through its
     * {@link LiveGeneration#requestStop()}, reaped like the others; {@link #finish} stores its answer nowhere.
     * {@code apiKeyId} (null for a session) and {@code charsIn} (the characters of text n8n gets) are for its usage.
     * 429 with Retry-After when a quota refuses it (concurrent generations, the key's requests per minute, the team's
     * tokens of the month).
     */
    public LiveGeneration startDetached(UUID teamId, UUID userId, UUID agentId, UUID apiKeyId, long charsIn) {
        UUID id = UUID.randomUUID();
        LiveGeneration generation = new LiveGeneration(id, null);
        running.put(id, generation);
        try {
            if (!store.startDetached(id, teamId, userId, agentId, apiKeyId, charsIn, instanceId,
                    quotas.admissionParams(userId, apiKeyId))) {
                throw quotas.refusal(teamId, userId, apiKeyId).orElseGet(Quotas::concurrencyRefusal);
            }
            return generation;
        } catch (RuntimeException e) {
            running.remove(id);
            throw e;
        }
    }

    /**
     * Why a start statement found no row (only on that path: more queries): the requests-per-minute or tokens quota,
     * the concurrent-generations quota (409 if this chat runs one), else the chat or the turn.
     */
    private ApiException refused(Turn turn, UUID chatId, UUID teamId, UUID userId) {
        Optional<ApiException> quota = quotas.refusal(teamId, userId, null);
        if (quota.isPresent()) {
            return quota.get();
        }
        if (quotas.atConcurrencyLimit(teamId)) {
            UUID current = store.runningInChat(chatId, teamId, userId).orElse(null);
            return current != null
                    ? new GenerationConflict("An answer is being generated in this chat; attach to it or stop it", current)
                    : Quotas.concurrencyRefusal();
        }
        if (!chats.exists(teamId, userId, chatId)) {
            return new NotFoundException("Chat not found");
        }
        if (turn.editMessageId() != null) {
            return ApiException.notFound("No such message of yours in this chat");
        }
        if (turn.appendsNothing()) {
            return ApiException.conflict("This chat has no message of yours to answer again");
        }
        return new NotFoundException("Chat not found");
    }

    /**
     * What the relay measured of a generation, for its usage row: the answer's characters, n8n's own token counts
     * (null: not sent, estimated from the characters), the time to the first piece (null: none came) and the
     * duration, both from when the request arrived.
     */
    public record Measured(long charsOut, Long tokensIn, Long tokensOut, Long ttftMs, Long durationMs) {
    }

    /** The usage recorded with a generation's end (tokens as recorded: n8n's or estimated). */
    public record Recorded(long charsIn, long charsOut, long tokensIn, long tokensOut) {
    }

    /**
     * The end, by its owner, after its final event was published: writes the rest of its events, its status
     * ({@code complete | stopped | interrupted | error}), the assistant message (null: none) and its usage row.
     * Returns the usage recorded; null when another replica had already taken it for dead and saved it.
     */
    public Recorded finish(LiveGeneration generation, String status, String assistantMessage, Measured measured) {
        if (!generation.awaitSaved()) {
            // its start was never committed: there is no generation (nor user message) to end
            running.remove(generation.id());
            return null;
        }
        generation.writing.lock();
        try {
            LiveGeneration.Chunk rest = generation.unwrittenChunk();
            Recorded finished = store.finish(generation.id(), status, rest, assistantMessage, measured).orElse(null);
            if (rest != null) {
                generation.written(rest);
            }
            if (finished == null) {
                log.warn("Generation {} had already been ended by another replica; its answer is not saved twice", generation.id());
            }
            return finished;
        } finally {
            generation.writing.unlock();
            running.remove(generation.id());
        }
    }

    /** The generation this replica runs with this id, or null. */
    public LiveGeneration local(UUID id) {
        return running.get(id);
    }

    /**
     * Asks the chat's running generation (only the given one, when an id is sent) to stop, wherever it runs.
     * Returns its id; 409 when nothing is running (the body names the last generation and its status).
     */
    public UUID requestStop(UUID chatId, UUID teamId, UUID userId, UUID generationId) {
        Optional<GenerationStore.Stored> stopping = store.requestStop(chatId, teamId, userId, generationId);
        if (stopping.isEmpty()) {
            GenerationStore.Stored last = store.latestInChat(chatId, teamId, userId).orElse(null);
            if (last == null) {
                throw new GenerationConflict("Nothing is being generated in this chat", null);
            }
            if (last.running()) {
                throw new GenerationConflict("The generation named is not the one running in this chat", last.id());
            }
            throw new GenerationConflict("The generation has already ended (" + last.status() + ")", last.id());
        }
        UUID id = stopping.get().id();
        if (instanceId.equals(stopping.get().owner())) {
            stopLocal(id);
        } else {
            store.notifyStop(id);
        }
        return id;
    }

    private void stopLocal(UUID id) {
        LiveGeneration generation = running.get(id);
        if (generation != null) {
            generation.requestStop();
        }
    }

    /** Writes the new events and heartbeats of every generation this replica runs (one statement). */
    void flush() {
        List<LiveGeneration> locked = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<LiveGeneration.Chunk> chunks = new ArrayList<>();
        try {
            for (LiveGeneration generation : running.values()) {
                // one whose start is still being committed is not visible to this statement's transaction yet
                if (generation.isSaved() && generation.writing.tryLock()) {
                    locked.add(generation);
                    ids.add(generation.id());
                    chunks.add(generation.unwrittenChunk());
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            List<GenerationStore.Flushed> flushed = store.flush(ids, chunks);
            for (int i = 0; i < locked.size(); i++) {
                if (chunks.get(i) != null) {
                    locked.get(i).written(chunks.get(i));
                }
            }
            for (GenerationStore.Flushed row : flushed) {
                if (row.stopRequested()) {
                    stopLocal(row.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not write the events of {} generations (retried at the next flush): {}", ids.size(), e.toString());
        } finally {
            locked.forEach(generation -> generation.writing.unlock());
        }
    }

    /** Saves every generation whose owner stopped beating as interrupted, with the text its events hold. */
    void reap() {
        String staleAfter = properties.staleAfter().toMillis() + " milliseconds";
        try {
            for (UUID id : store.stale(staleAfter)) {
                reap(id, staleAfter);
            }
            store.deleteOldChunks(properties.keepEvents().toMillis() + " milliseconds");
        } catch (RuntimeException e) {
            log.warn("Could not look for abandoned generations: {}", e.toString());
        }
    }

    private void reap(UUID id, String staleAfter) {
        GenerationEvents.TextSoFar text = GenerationEvents.textSoFar(json, store.chunksAfter(id, 0));
        int seq = text.lastSeq() + 1;
        String message = text.text().isEmpty() ? null : write(ChatMessage.assistant(text.text(), "interrupted",
                "The replica running this answer stopped; the text streamed until then is saved"));
        long charsOut = text.text().codePointCount(0, text.text().length());
        if (store.reap(id, staleAfter, new LiveGeneration.Chunk(seq, seq, INTERRUPTED_EVENT), message, charsOut)) {
            log.info("Generation {} was abandoned by its replica: saved as interrupted ({} characters)", id, text.text().length());
            signals.wakeFollowers();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "generations");
            thread.setDaemon(true);
            return thread;
        });
        long flush = properties.flushInterval().toMillis();
        long reap = properties.reapInterval().toMillis();
        timer.scheduleWithFixedDelay(this::flush, flush, flush, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reap, reap, reap, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    /** After the relay's shutdown (which saves cut answers), before the database pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** 409 naming a generation. */
    public static final class GenerationConflict extends ApiException {
        public GenerationConflict(String detail, UUID generationId) {
            super(409, detail);
            withGenerationId(generationId);
        }
    }
}
