package io.chatgateway.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Generations and their event chunks in PostgreSQL (sql/generation/*.sql). */
@Component
class GenerationStore {

    /** A generation as stored. */
    record Stored(UUID id, String status, String owner, int lastSeq) {
        boolean running() {
            return "running".equals(status);
        }
    }

    record StoredChunk(int firstSeq, int lastSeq, String events) {
    }

    /** A generation whose events were just written, and whether someone asked to stop it. */
    record Flushed(UUID id, boolean stopRequested) {
    }

    /** Thrown when the chat already has a running generation. */
    static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    GenerationStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /**
     * Changes the conversation as the turn says and registers the generation, in one statement; returns the chat's
     * history as n8n gets it, empty when the chat is not the caller's (or has nothing the turn could act on).
     * {@link AlreadyRunning} when the chat has a running one.
     */
    Optional<String> start(Turn turn, UUID generationId, UUID chatId, UUID teamId, UUID userId, UUID agentId,
                           String owner) {
        try {
            return jdbc.sql(sql.get(turn.statement()))
                    .param("generation_id", generationId).param("chat_id", chatId).param("team_id", teamId)
                    .param("user_id", userId).param("agent_id", agentId).param("owner", owner)
                    .param("message", turn.userMessage())
                    .param("edit_message_id", turn.editMessageId() == null ? null : turn.editMessageId().toString())
                    .query(String.class).optional();
        } catch (DuplicateKeyException e) {
            throw new AlreadyRunning();
        }
    }

    /** Registers a generation that belongs to no chat (sql/generation/start-detached.sql). */
    void startDetached(UUID generationId, UUID teamId, UUID userId, UUID agentId, UUID apiKeyId, long charsIn,
                       String owner) {
        jdbc.sql(sql.get("generation/start-detached"))
                .param("generation_id", generationId).param("team_id", teamId).param("user_id", userId)
                .param("agent_id", agentId).param("api_key_id", apiKeyId).param("chars_in", charsIn)
                .param("owner", owner)
                .update();
    }

    Optional<UUID> runningInChat(UUID chatId, UUID teamId, UUID userId) {
        return jdbc.sql(sql.get("generation/running-in-chat"))
                .param("chat_id", chatId).param("team_id", teamId).param("user_id", userId)
                .query(UUID.class).optional();
    }

    Optional<Stored> latestInChat(UUID chatId, UUID teamId, UUID userId) {
        return jdbc.sql(sql.get("generation/latest-in-chat"))
                .param("chat_id", chatId).param("team_id", teamId).param("user_id", userId)
                .query((rs, row) -> new Stored(rs.getObject("id", UUID.class), rs.getString("status"), null, 0))
                .optional();
    }

    Optional<Stored> find(UUID generationId) {
        return jdbc.sql(sql.get("generation/find"))
                .param("generation_id", generationId)
                .query((rs, row) -> new Stored(rs.getObject("id", UUID.class), rs.getString("status"),
                        rs.getString("owner"), rs.getInt("last_seq")))
                .optional();
    }

    /** The chat's running generation (or the named one) marked to stop: its id and owner, if there is one. */
    Optional<Stored> requestStop(UUID chatId, UUID teamId, UUID userId, UUID generationId) {
        return jdbc.sql(sql.get("generation/request-stop"))
                .param("chat_id", chatId).param("team_id", teamId).param("user_id", userId)
                .param("generation_id", generationId)
                .query((rs, row) -> new Stored(rs.getObject("id", UUID.class), "running", rs.getString("owner"), 0))
                .optional();
    }

    void notifyStop(UUID generationId) {
        jdbc.sql(sql.get("generation/notify-stop")).param("generation_id", generationId.toString())
                .query(String.class).optional();
    }

    /** Writes the chunks (null events: a heartbeat only) of this replica's generations in one statement. */
    List<Flushed> flush(List<UUID> ids, List<LiveGeneration.Chunk> chunks) {
        int size = ids.size();
        UUID[] idArray = ids.toArray(new UUID[0]);
        Integer[] firsts = new Integer[size];
        Integer[] lasts = new Integer[size];
        String[] events = new String[size];
        for (int i = 0; i < size; i++) {
            LiveGeneration.Chunk chunk = chunks.get(i);
            firsts[i] = chunk == null ? null : chunk.firstSeq();
            lasts[i] = chunk == null ? 0 : chunk.lastSeq();
            events[i] = chunk == null ? null : chunk.events();
        }
        List<Flushed> flushed = new ArrayList<>();
        jdbc.sql(sql.get("generation/flush"))
                .param("ids", idArray).param("first_seqs", firsts).param("last_seqs", lasts).param("events", events)
                .query((rs, row) -> flushed.add(new Flushed(rs.getObject("id", UUID.class), rs.getBoolean("stop_requested"))))
                .list();
        return flushed;
    }

    /** The end, by the owner: last chunk, status and the assistant message (null: none). False if it had ended already. */
    boolean finish(UUID generationId, String status, LiveGeneration.Chunk last, String assistantMessage) {
        Integer finished = jdbc.sql(sql.get("generation/finish"))
                .param("generation_id", generationId).param("status", status)
                .param("first_seq", last == null ? null : last.firstSeq())
                .param("last_seq", last == null ? 0 : last.lastSeq())
                .param("events", last == null ? null : last.events())
                .param("message", assistantMessage)
                .query(Integer.class).single();
        return finished != null && finished > 0;
    }

    List<StoredChunk> chunksAfter(UUID generationId, int afterSeq) {
        return jdbc.sql(sql.get("generation/chunks-after"))
                .param("generation_id", generationId).param("after_seq", afterSeq)
                .query((rs, row) -> new StoredChunk(rs.getInt("first_seq"), rs.getInt("last_seq"), rs.getString("events")))
                .list();
    }

    List<UUID> stale(String staleAfter) {
        return jdbc.sql(sql.get("generation/stale")).param("stale_after", staleAfter).query(UUID.class).list();
    }

    /** Marks a stale generation interrupted, appending its last chunk and the answer so far; false if not stale. */
    boolean reap(UUID generationId, String staleAfter, LiveGeneration.Chunk last, String assistantMessage) {
        Integer reaped = jdbc.sql(sql.get("generation/reap"))
                .param("generation_id", generationId).param("stale_after", staleAfter)
                .param("first_seq", last.firstSeq()).param("last_seq", last.lastSeq()).param("events", last.events())
                .param("message", assistantMessage)
                .query(Integer.class).single();
        return reaped != null && reaped > 0;
    }

    int deleteOldChunks(String keep) {
        return jdbc.sql(sql.get("generation/delete-old-chunks")).param("keep", keep).update();
    }
}
