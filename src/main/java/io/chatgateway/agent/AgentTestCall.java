package io.chatgateway.agent;

import java.util.UUID;

import io.chatgateway.relay.UpstreamTestCall;
import io.chatgateway.system.SqlStatements;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * POST /api/agents/{id}/test-call (routes/agent-test-call.camel.yaml): calls the team's agent as a chat's first
 * message would, within a short deadline, and shows the admin what n8n answered. Nothing is saved in any chat.
 */
@Component("agentTestCall")
public class AgentTestCall {

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final UpstreamTestCall upstream;

    AgentTestCall(JdbcClient jdbc, SqlStatements sql, UpstreamTestCall upstream) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.upstream = upstream;
    }

    public AgentTestCallResult call(@Header("id") String id, AgentTestCallRequest body, @Variable("teamId") UUID teamId,
                                    @Variable("userId") UUID userId) {
        UUID agentId = Agents.pathId(id);
        String message = AgentTestCallRequest.messageOf(body);
        UpstreamTestCall.Target target = jdbc.sql(sql.get("agent/test-call-target"))
                .param("id", agentId)
                .param("team_id", teamId)
                .query((rs, row) -> new UpstreamTestCall.Target(rs.getObject("agent_id", UUID.class),
                        rs.getString("webhook_url"), rs.getString("webhook_token"), rs.getString("system_prompt"),
                        rs.getString("config"), rs.getString("relay_settings")))
                .optional()
                .orElseThrow(Agents::notFound);
        UpstreamTestCall.Outcome outcome = upstream.call(target, message, userId, teamId);
        return new AgentTestCallResult(outcome.status(), outcome.contentType(), outcome.durationMs(), outcome.answer(),
                outcome.body(), outcome.error(), outcome.errorCode());
    }
}
