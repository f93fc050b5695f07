package io.chatgateway.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends messages to a chat's {@code messages} array, each with one atomic statement (concurrent sends lose
 * nothing), scoped by team and owner.
 * <p>
 * The user message of a send is appended in its own transaction, and its commit (the durable part: PostgreSQL
 * waits for the WAL flush) runs on another thread while the relay already calls n8n; the relay reads n8n's answer
 * only once the commit succeeded ({@link UserMessageCommit#succeeded()}), so nothing is relayed or answered for a
 * message that is not saved. Saves the shorter of the flush and n8n's time to answer from every send's time to
 * first token. That is why this append works on a JDBC connection of its own rather than through
 * {@link JdbcClient}, which commits on the calling thread.
 */
@Component
public class ChatMessageStore {

    private static final Logger log = LoggerFactory.getLogger(ChatMessageStore.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final ParsedSql appendUserMessage;
    private final String appendAssistantMessage;
    private final SimpleAsyncTaskExecutor committers = new SimpleAsyncTaskExecutor("user-message-commit-");

    ChatMessageStore(DataSource dataSource, JdbcClient jdbc, ObjectMapper json, SqlStatements sql) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        // appends run on a send's thread, which stays with its stream: Jackson's default per-thread buffers would
        // stay as long, so they come from a small pool instead
        this.json = json.copy();
        this.json.getFactory().setRecyclerPool(JsonRecyclerPools.newBoundedPool(16));
        this.appendUserMessage = NamedParameterUtils.parseSqlStatement(sql.get("chat/append-user-message"));
        this.appendAssistantMessage = sql.get("chat/append-assistant-message");
        if (Runtime.version().feature() >= 21) {
            committers.setVirtualThreads(true);
        }
    }

    /** Appends the user message; its commit is under way when this returns. Null when the chat is gone. */
    public PendingUserMessage appendUserMessage(UUID chatId, UUID teamId, UUID userId, ChatMessage message) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("message", toJson(message)).addValue("chatId", chatId)
                .addValue("teamId", teamId).addValue("userId", userId);
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("No database connection for the user message of chat " + chatId, e);
        }
        try {
            connection.setAutoCommit(false);
            String history = appendReturningHistory(connection, params);
            if (history == null) {
                rollbackAndClose(connection);
                return null;
            }
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> commitAndClose(connection, chatId),
                    committers);
            return new PendingUserMessage(history, new UserMessageCommit(commit));
        } catch (SQLException | RuntimeException e) {
            rollbackAndClose(connection);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Could not save the user message of chat " + chatId, e);
        }
    }

    /** Appends an assistant message (an answer, complete or not); false when the chat is gone. */
    public boolean appendAnswer(UUID chatId, UUID teamId, UUID userId, ChatMessage message) {
        return jdbc.sql(appendAssistantMessage)
                .param("message", toJson(message)).param("chatId", chatId)
                .param("teamId", teamId).param("userId", userId)
                .update() == 1;
    }

    private String toJson(ChatMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chat message cannot be written as JSON", e);
        }
    }

    private String appendReturningHistory(Connection connection, MapSqlParameterSource params) throws SQLException {
        String jdbcSql = NamedParameterUtils.substituteNamedParameters(appendUserMessage, params);
        Object[] values = NamedParameterUtils.buildValueArray(appendUserMessage, params, null);
        try (PreparedStatement statement = connection.prepareStatement(jdbcSql)) {
            new ArgumentPreparedStatementSetter(values).setValues(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void commitAndClose(Connection connection, UUID chatId) {
        try (connection) {
            connection.commit();
        } catch (SQLException e) {
            log.warn("The user message of chat {} could not be saved: commit failed", chatId, e);
            throw new IllegalStateException(e);
        }
    }

    private static void rollbackAndClose(Connection connection) {
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("Rolling back the user message append of a send", e);
        }
    }
}
