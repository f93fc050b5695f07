package io.chatgateway.generation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.chatgateway.generation.Generations.Started;
import io.chatgateway.system.DatabaseThreads;
import io.chatgateway.system.SqlStatements;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
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
    private final StartTransaction startTransaction;
    private final DatabaseThreads threads;
    private final Map<String, ParsedSql> parsed = new ConcurrentHashMap<>();

    GenerationStore(JdbcClient jdbc, SqlStatements sql, StartTransaction startTransaction, DatabaseThreads threads) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.startTransaction = startTransaction;
        this.threads = threads;
    }

    /**
     * Changes the conversation as the turn says and registers the generation, in one statement whose commit is
     * still under way when this returns ({@link StartTransaction}); the row is the chat's history as n8n gets it and
     * the agent to call ({@code target} reads it and may refuse it: then nothing is saved), empty when the chat is not
     * the caller's (or has nothing the turn could act on), or a quota refuses it ({@code quotaParams}:
     * {@link io.chatgateway.quota.Quotas#admissionParams}). {@link AlreadyRunning} when the chat has a running one.
     */
    <T> StartTransaction.Begun<Started<T>> start(Turn turn, UUID generationId, UUID chatId, UUID teamId, UUID userId,
                                                 String owner, Map<String, Object> quotaParams,
                                                 Generations.Target<T> target, LiveGeneration generation) {
        Map<String, Object> params = new HashMap<>(quotaParams);
        params.put("generation_id", generationId);
        params.put("chat_id", chatId);
        params.put("team_id", teamId);
        params.put("user_id", userId);
        params.put("owner", owner);
        params.put("message", turn.userMessage());
        params.put("edit_message_id", turn.editMessageId() == null ? null : turn.editMessageId().toString());
        ParsedSql statement = parsed.computeIfAbsent(turn.statement(), name -> NamedParameterUtils.parseSqlStatement(sql.get(name)));
        try {
            return startTransaction.run(statement, params, turn.unprepared(),
                    (row, n) -> new Started<>(generation, row.getString("history"), target.read(row)),
                    started -> target.check(started.target()));
        } catch (SQLException e) {
            if (StartTransaction.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new AlreadyRunning();
            }
            throw new DataAccessResourceFailureException("The generation could not be started", e);
        }
    }

    /**
     * Registers a generation that belongs to no chat (sql/generation/start-detached.sql); false when a quota refuses
     * it ({@code quotaParams}: {@link io.chatgateway.quota.Quotas#admissionParams}).
     */
    boolean startDetached(UUID generationId, UUID teamId, UUID userId, UUID agentId, UUID apiKeyId, long charsIn,
                          String owner, Map<String, Object> quotaParams) {
        return jdbc.sql(sql.get("generation/start-detached"))
                .params(quotaParams)
                .param("generation_id", generationId).param("team_id", teamId).param("user_id", userId)
                .param("agent_id", agentId).param("api_key_id", apiKeyId).param("chars_in", charsIn)
                .param("owner", owner)
                .update() > 0;
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

    /**
     * The end, by the owner: last chunk, status, the assistant message (null: none) and the usage row. Empty if it
     * had ended already. On {@link DatabaseThreads}, like the start (the two statements of every send).
     */
    Optional<Generations.Recorded> finish(UUID generationId, String status, LiveGeneration.Chunk last,
                                          String assistantMessage, Generations.Measured measured) {
        return threads.call(() -> jdbc.sql(sql.get("generation/finish"))
                .param("generation_id", generationId).param("status", status)
                .param("first_seq", last == null ? null : last.firstSeq())
                .param("last_seq", last == null ? 0 : last.lastSeq())
                .param("events", last == null ? null : last.events())
                .param("message", assistantMessage)
                .param("chars_out", measured.charsOut()).param("tokens_in", measured.tokensIn())
                .param("tokens_out", measured.tokensOut()).param("ttft_ms", measured.ttftMs()).param("duration_ms", measured.durationMs())
                .query((rs, row) -> new Generations.Recorded(rs.getInt("finished") == 0 ? -1 : rs.getLong("chars_in"),
                        measured.charsOut(), rs.getLong("tokens_in"), rs.getLong("tokens_out")))
                .optional().filter(recorded -> recorded.charsIn() >= 0));
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

    /**
     * Marks a stale generation interrupted, appending its last chunk and the answer so far (of {@code charsOut}
     * characters, for its usage row); false if not stale.
     */
    boolean reap(UUID generationId, String staleAfter, LiveGeneration.Chunk last, String assistantMessage, long charsOut) {
        Integer reaped = jdbc.sql(sql.get("generation/reap"))
                .param("generation_id", generationId).param("stale_after", staleAfter)
                .param("first_seq", last.firstSeq()).param("last_seq", last.lastSeq()).param("events", last.events())
                .param("message", assistantMessage).param("chars_out", charsOut)
                .query(Integer.class).single();
        return reaped != null && reaped > 0;
    }

    int deleteOldChunks(String keep) {
        return jdbc.sql(sql.get("generation/delete-old-chunks")).param("keep", keep).update();
    }
}
