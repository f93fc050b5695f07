package io.chatgateway.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import io.chatgateway.system.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Component;

/**
 * Saves the user message of a send. The append runs in its own transaction, and its commit (the durable part:
 * PostgreSQL waits for the WAL flush) runs on another thread while the relay already calls n8n; the relay
 * reads n8n's answer only once the commit succeeded ({@link UserMessageCommit#succeeded()}), so nothing is
 * relayed or answered for a message that is not saved. Saves the shorter of the flush and n8n's time to
 * answer from every send's time to first token.
 */
@Component
class UserMessageStore {

    private static final Logger log = LoggerFactory.getLogger(UserMessageStore.class);

    private final DataSource dataSource;
    private final ParsedSql append;
    private final SimpleAsyncTaskExecutor committers = new SimpleAsyncTaskExecutor("user-message-commit-");

    UserMessageStore(DataSource dataSource, SqlStatements sql) {
        this.dataSource = dataSource;
        this.append = NamedParameterUtils.parseSqlStatement(sql.get("relay/append-user-message"));
        if (Runtime.version().feature() >= 21) {
            committers.setVirtualThreads(true);
        }
    }

    /** The chat's history including the new message, with its commit under way; null when the chat is gone. */
    Saved append(UUID chatId, UUID teamId, UUID userId, String message) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("message", message).addValue("chatId", chatId)
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
            return new Saved(history, new UserMessageCommit(commit));
        } catch (SQLException | RuntimeException e) {
            rollbackAndClose(connection);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Could not save the user message of chat " + chatId, e);
        }
    }

    private String appendReturningHistory(Connection connection, MapSqlParameterSource params) throws SQLException {
        String jdbcSql = NamedParameterUtils.substituteNamedParameters(append, params);
        Object[] values = NamedParameterUtils.buildValueArray(append, params, null);
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
            log.error("The user message of chat {} could not be saved: commit failed", chatId, e);
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

    /** The history n8n gets (stored messages as JSON text) and the commit that makes the new one durable. */
    record Saved(String history, UserMessageCommit commit) {
    }
}
