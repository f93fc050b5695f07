package io.chatgateway.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.DatabaseThreads;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The caller's chats in PostgreSQL (sql/chat/*.sql); every statement is scoped by team and owner. */
@Component
public class ChatStore {

    private static final RowMapper<ChatSummary> SUMMARY = (rs, row) -> new ChatSummary(
            rs.getObject("id", UUID.class), rs.getString("title"), rs.getObject("agent_id", UUID.class),
            rs.getInt("message_count"), instant(rs, "created_at"), instant(rs, "updated_at"));

    /**
     * A row of list.sql / list-by-agent.sql, by column index: its times are microseconds since the epoch, which
     * need no parsing (the list is the most frequent read of the API).
     */
    private static final RowMapper<ChatSummary> LIST = (rs, row) -> new ChatSummary(
            rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getInt(4),
            epochMicros(rs, 5), epochMicros(rs, 6));

    private static final RowMapper<Chat> CHAT = (rs, row) -> new Chat(
            rs.getObject("id", UUID.class), rs.getString("title"), rs.getObject("agent_id", UUID.class),
            rs.getString("agent_name"), rs.getBoolean("agent_deleted"), rs.getInt("message_count"),
            rs.getString("messages"), instant(rs, "created_at"), instant(rs, "updated_at"),
            rs.getObject("generation_id") == null ? null
                    : new Chat.RunningGeneration(rs.getObject("generation_id", UUID.class), rs.getString("generation_status")),
            rs.getString("superseded"));

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final DatabaseThreads threads;

    public ChatStore(JdbcClient jdbc, SqlStatements sql, DatabaseThreads threads) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.threads = threads;
    }

    /** On {@link DatabaseThreads}: the most frequent read, often beside hundreds of streams. */
    List<ChatSummary> list(UUID teamId, UUID userId, UUID agentId, int limit, int offset) {
        return threads.call(() -> jdbc.sql(sql.get(agentId == null ? "chat/list" : "chat/list-by-agent"))
                .param("team_id", teamId).param("user_id", userId).param("agent_id", agentId)
                .param("limit", limit).param("offset", offset)
                .query(LIST).list());
    }

    Optional<Chat> find(UUID teamId, UUID userId, UUID chatId, boolean withSuperseded) {
        return jdbc.sql(sql.get("chat/find-by-id"))
                .param("team_id", teamId).param("user_id", userId).param("chat_id", chatId)
                .param("with_superseded", withSuperseded)
                .query(CHAT).optional();
    }

    /** Empty when the agent is not an active agent of the team. */
    Optional<ChatSummary> insert(UUID teamId, UUID userId, UUID agentId, String title) {
        return jdbc.sql(sql.get("chat/insert"))
                .param("team_id", teamId).param("user_id", userId).param("agent_id", agentId).param("title", title)
                .query(SUMMARY).optional();
    }

    /** Empty when the chat is not the caller's, or the new agent is not an active agent of the team. */
    Optional<ChatSummary> update(UUID teamId, UUID userId, UUID chatId, UUID agentId, String title) {
        return jdbc.sql(sql.get("chat/update"))
                .param("team_id", teamId).param("user_id", userId).param("chat_id", chatId)
                .param("agent_id", agentId).param("title", title)
                .query(SUMMARY).optional();
    }

    public boolean exists(UUID teamId, UUID userId, UUID chatId) {
        return Boolean.TRUE.equals(jdbc.sql(sql.get("chat/exists"))
                .param("team_id", teamId).param("user_id", userId).param("chat_id", chatId)
                .query(Boolean.class).single());
    }

    private static Instant epochMicros(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null
                : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
