package io.chatgateway.openai;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.auth.AuthenticatedUser;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.system.SqlStatements;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the team's active agents that the caller may use (an API key
 * limited to some agents sees only those), as OpenAI models named by the agent's slug. An agent the caller may not use
 * is a model that does not exist (404 {@code model_not_found}), like an unknown one.
 */
@Component("openAiModels")
public class OpenAiModels {

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    OpenAiModels(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public ModelList list(@Variable(CurrentUser.TEAM_ID) UUID teamId, Exchange exchange) {
        AuthenticatedUser caller = CurrentUser.of(exchange);
        List<Model> models = jdbc.sql(sql.get("openai/list-models")).param("team_id", teamId)
                .query((rs, row) -> new Listed(rs.getObject("id", UUID.class), new Model(rs.getString("slug"),
                        rs.getObject("created_at", OffsetDateTime.class).toEpochSecond(), rs.getString("team_slug"))))
                .list().stream()
                .filter(listed -> caller == null || caller.mayUseAgent(listed.agentId()))
                .map(Listed::model)
                .toList();
        return new ModelList(models);
    }

    public Model get(@Header("id") String id, @Variable(CurrentUser.TEAM_ID) UUID teamId, Exchange exchange) {
        return find(teamId, id, CurrentUser.of(exchange)).model();
    }

    /** The model the caller may use, or 404 {@code model_not_found}. */
    ModelAgent find(UUID teamId, String slug, AuthenticatedUser caller) {
        Optional<ModelAgent> agent = jdbc.sql(sql.get("openai/find-model"))
                .param("team_id", teamId).param("slug", slug)
                .query((rs, row) -> new ModelAgent(rs.getObject("id", UUID.class), rs.getString("slug"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("team_slug"),
                        rs.getString("webhook_url"), rs.getString("webhook_token"), rs.getString("system_prompt"),
                        rs.getString("config"), rs.getString("relay_settings")))
                .optional();
        return agent.filter(found -> caller == null || caller.mayUseAgent(found.agentId()))
                .orElseThrow(() -> OpenAiException.modelNotFound(slug));
    }

    private record Listed(UUID agentId, Model model) {
    }
}
