package io.chatgateway.generation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a generation's start statement in a transaction of its own and commits it on another thread, so that the
 * commit (PostgreSQL waits for the WAL flush) overlaps the call to n8n instead of delaying it: the caller gets the
 * statement's result at once and must not relay anything of the answer before the commit succeeded
 * ({@link LiveGeneration#awaitSaved}). A constraint violation (a generation already running in the chat) is raised
 * by the statement itself, before any commit. This is why the start does not go through {@code JdbcClient}, which
 * commits on the calling thread.
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
    /**
     * Platform threads, kept for reuse: a commit handed to one starts at once, where a new virtual thread would queue
     * behind the streams' virtual threads for a carrier (0.3 ms one stream at a time, far more at hundreds of streams,
     * all that time holding a pool connection). At most one per pool connection is busy.
     */
    private final ExecutorService committers = Executors.newCachedThreadPool(
            new CustomizableThreadFactory("generation-start-commit-") {
                {
                    setDaemon(true);
                }
            });

    StartTransaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @PreDestroy
    void shutDown() {
        committers.shutdown();
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
                return new Begun<>(Optional.empty(), CompletableFuture.completedFuture(false));
            }
            check.accept(row);
            return new Begun<>(Optional.of(row),
                    CompletableFuture.supplyAsync(() -> commitAndClose(connection), committers));
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
