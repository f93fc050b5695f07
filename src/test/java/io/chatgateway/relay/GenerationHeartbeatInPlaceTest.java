package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.SqlStatements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The flush (sql/generation/flush.sql) writes every running generation's heartbeat once a second; PostgreSQL must be
 * able to do that in place (a HOT update: no new index entries), which an index on a column the flush sets would
 * prevent (V15). Counted with PostgreSQL's per-transaction statistics, inside one transaction that is rolled back.
 */
@GatewayTest
class GenerationHeartbeatInPlaceTest extends ApiTestBase {

    @Autowired
    SqlStatements sql;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theFlushUpdatesARunningGenerationInPlace() {
        Account admin = accounts.newTeamAdmin();
        UUID generationId = UUID.randomUUID();
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        long[] flushed = transaction.execute(status -> {
            status.setRollbackOnly();
            // its last heartbeat a second ago: the flush moves it (within one transaction now() stands still)
            jdbc.update("INSERT INTO generations (id, team_id, user_id, agent_id, owner, heartbeat_at) "
                    + "VALUES (?, ?, ?, ?, 'test', now() - interval '1 second')",
                    generationId, admin.teamId(), admin.userId(), UUID.randomUUID());
            // the backend's counts may still hold earlier transactions' (PostgreSQL 15 reports unflushed ones too)
            long[] before = updates();
            named.queryForList(sql.get("generation/flush"), Map.of(
                    "ids", new UUID[] {generationId}, "first_seqs", new Integer[] {null},
                    "last_seqs", new Integer[] {0}, "events", new String[] {null}));
            long[] after = updates();
            return new long[] {after[0] - before[0], after[1] - before[1]};
        });
        assertThat(flushed).as("rows updated, of them in place").containsExactly(1L, 1L);
    }

    /** Updates of generations rows this backend counts, and of them HOT updates. */
    private long[] updates() {
        return jdbc.queryForObject("SELECT pg_stat_get_xact_tuples_updated('generations'::regclass) AS updated, "
                + "pg_stat_get_xact_tuples_hot_updated('generations'::regclass) AS hot",
                (rs, row) -> new long[] {rs.getLong("updated"), rs.getLong("hot")});
    }
}
