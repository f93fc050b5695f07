package io.chatgateway.generation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.chatgateway.system.DatabaseThreads;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Component;

/**
 * Runs a generation's start statement in a transaction of its own and commits it after handing the row to the
 * caller, so that the commit (PostgreSQL waits for the WAL flush) overlaps the call to n8n instead of delaying it: the
 * caller must not relay anything of the answer before the commit succeeded
 * ({@link LiveGeneration#awaitSaved}). A constraint violation (a generation already running in the chat) is raised
 * by the statement itself, before any commit. This is why the start does not go through {@code JdbcClient}, which
 * commits on the calling thread. Statement and commit run on one of the {@link DatabaseThreads} (a virtual thread
 * would hold the connection while it waits for a carrier).
 */
@Component
class StartTransaction {

    /** The statement's row (empty: none), and its commit, under way. */
    record Begun<T>(Optional<T> row, CompletableFuture<Boolean> commit) {
    }

    /** SQLSTATE of a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private static final Logger log = LoggerFactory.getLogger(StartTransaction.class);

    private final DataSource dataSource;
    private final DatabaseThreads threads;

    StartTransaction(DataSource dataSource, DatabaseThreads threads) {
        this.dataSource = dataSource;
        this.threads = threads;
    }

    /**
     * Runs the statement and reads its first row; with no row, or when {@code check} refuses the row (throws), it
     * rolls back (nothing is saved) and returns empty or rethrows. Throws the driver's {@link SQLException} (see
     * {@link #UNIQUE_VIOLATION}) after rolling back. {@code unprepared}: never a server-side prepared statement, so
     * that pgjdbc sends BEGIN with it (before a prepared statement whose row has unbounded columns it syncs first, one
     * round trip more); for a statement that only calls a PL/pgSQL function, which keeps its own plans.
     */
    <T> Begun<T> run(ParsedSql statement, Map<String, ?> params, boolean unprepared, RowMapper<T> reader,
                     Consumer<T> check) throws SQLException {
        CompletableFuture<Boolean> commit = new CompletableFuture<>();
        Open<T> open = threads.call(() -> execute(statement, params, unprepared, reader, check),
                started -> commit.complete(commitAndClose(started.connection())));
        return open == null ? new Begun<>(Optional.empty(), CompletableFuture.completedFuture(false))
                : new Begun<>(Optional.of(open.row()), commit);
    }

    /** A statement's row, its transaction still open on the connection. */
    private record Open<T>(T row, Connection connection) {
    }

    /** Runs the statement: its row and open transaction, or null (rolled back) when it found no row. */
    private <T> Open<T> execute(ParsedSql statement, Map<String, ?> params, boolean unprepared, RowMapper<T> reader,
                                Consumer<T> check) throws SQLException {
        MapSqlParameterSource source = new MapSqlParameterSource(params);
        String jdbcSql = NamedParameterUtils.substituteNamedParameters(statement, source);
        Object[] values = NamedParameterUtils.buildValueArray(statement, source, null);
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            T row;
            try (PreparedStatement prepared = connection.prepareStatement(jdbcSql)) {
                if (unprepared) {
                    prepared.unwrap(PGStatement.class).setPrepareThreshold(0);
                    bindTyped(prepared, values);
                } else {
                    new ArgumentPreparedStatementSetter(values).setValues(prepared);
                }
                try (ResultSet rows = prepared.executeQuery()) {
                    row = rows.next() ? reader.mapRow(rows, 0) : null;
                }
            }
            if (row == null) {
                rollbackAndClose(connection);
                return null;
            }
            check.accept(row);
            return new Open<>(row, connection);
        } catch (SQLException | RuntimeException e) {
            rollbackAndClose(connection);
            throw e;
        }
    }

    /**
     * Binds the values without Spring's lookup of a null's type, which asks the driver for the parameters' types: a
     * round trip of its own for an unprepared statement (the statement casts every parameter).
     */
    private static void bindTyped(PreparedStatement prepared, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                prepared.setNull(i + 1, Types.NULL);
            } else {
                prepared.setObject(i + 1, values[i]);
            }
        }
    }

    private static boolean commitAndClose(Connection connection) {
        try (connection) {
            connection.commit();
            return true;
        } catch (SQLException e) {
            log.warn("A generation's start could not be committed: {}", e.toString());
            return false;
        }
    }

    private static void rollbackAndClose(Connection connection) {
        try (connection) {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("Rolling back a generation's start", e);
        }
    }
}
