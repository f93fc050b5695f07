package io.chatgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ends of one team's generations, committing at once, never wait for each other on the team's month
 * (V16 record_generation_usage): each adds to a shard no other open end holds, and the month's rows sum up to every
 * end.
 */
@GatewayTest
class UsageMonthShardsTest extends ApiTestBase {

    private static final String RECORD = """
            SELECT (record_generation_usage(g, 40, NULL, NULL, 5, 10)).tokens_out FROM generations g WHERE g.id = ?""";

    @Autowired
    DataSource dataSource;

    @Test
    void twoEndsOfOneTeamCommittingAtOnceAddToDifferentShardsWithoutWaiting() throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID first = generation(admin);
        // the shard V13 would have picked for both: the second end then waited for the first one's commit
        UUID second = generationInTheSameHashShardAs(first, admin);

        try (Connection one = transaction(); Connection two = transaction()) {
            assertThat(record(one, first)).isEqualTo(10);
            try (PreparedStatement timeout = two.prepareStatement("SET LOCAL lock_timeout = '2s'")) {
                timeout.execute();
            }
            // a wait for the first end's row lock fails here (55P03) instead of blocking the test
            assertThat(record(two, second)).isEqualTo(10);
            two.commit();
            one.commit();
        }

        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_months WHERE team_id = ?", Long.class, admin.teamId()))
                .as("one row for each end open at the same time").isEqualTo(2);
        // a later end takes a row that is free again instead of adding one
        try (Connection three = transaction()) {
            record(three, generation(admin));
            three.commit();
        }
        assertThat(jdbc.queryForMap("""
                SELECT count(*) AS shards, CAST(sum(generations) AS bigint) AS generations, CAST(sum(tokens) AS bigint) AS tokens
                FROM usage_months WHERE team_id = ?""", admin.teamId()))
                .containsEntry("shards", 2L).containsEntry("generations", 3L).containsEntry("tokens", 3 * 10L);
    }

    private UUID generationInTheSameHashShardAs(UUID other, Account admin) {
        String shardOf = "SELECT hashtext(CAST(? AS text)) & 15";
        int shard = jdbc.queryForObject(shardOf, Integer.class, other.toString());
        UUID id;
        do {
            id = UUID.randomUUID();
        } while (jdbc.queryForObject(shardOf, Integer.class, id.toString()) != shard);
        return generation(admin, id);
    }

    private UUID generation(Account admin) {
        return generation(admin, UUID.randomUUID());
    }

    /** An ended generation of the team without a chat (as a /v1 one), its end not yet recorded. */
    private UUID generation(Account admin, UUID id) {
        jdbc.update("""
                INSERT INTO generations (id, team_id, user_id, agent_id, owner, status, chars_in, finished_at)
                VALUES (?, ?, ?, ?, 'test', 'complete', 0, now())""",
                id, admin.teamId(), admin.userId(), UUID.randomUUID());
        return id;
    }

    private Connection transaction() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static long record(Connection connection, UUID generation) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
            statement.setObject(1, generation);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getLong(1);
            }
        }
    }
}
