package io.chatgateway.relay;

import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Records every failed answer in {@code error_logs} (sql/relay/insert-error-log.sql), for the team's admins. */
@Component
class RelayErrorLog {

    private final JdbcClient jdbc;
    private final String insert;

    RelayErrorLog(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.insert = sql.get("relay/insert-error-log");
    }

    void record(RelayJob job, RelayError error, String detail) {
        jdbc.sql(insert)
                .param("teamId", job.teamId()).param("userId", job.userId())
                .param("agentId", job.agentId()).param("chatId", job.chatId())
                .param("code", error.code).param("detail", detail)
                .update();
    }
}
