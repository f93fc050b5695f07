package io.chatgateway.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.chatgateway.system.SqlStatements;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The agents table (and agent_avatars) of one team: every statement is scoped by the team. Agents come back as
 * stored, webhook_url included; what a caller may see is {@link AgentVisibility}'s business.
 */
@Component
public class AgentStore {

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final ObjectMapper objectMapper;
    private final ObjectReader storedJson;

    public AgentStore(JdbcClient jdbc, SqlStatements sql, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.objectMapper = objectMapper;
        // numbers as jsonb holds them (1.10 stays 1.10, no rounding through double)
        this.storedJson = objectMapper.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /** Every agent of the team that is not deleted, by name. */
    public List<Agent> list(UUID teamId) {
        return jdbc.sql(sql.get("agent/list")).param("team_id", teamId).query(this::agent).list();
    }

    public Optional<Agent> find(UUID teamId, UUID id) {
        return jdbc.sql(sql.get("agent/find-by-id")).param("team_id", teamId).param("id", id).query(this::agent).optional();
    }

    /**
     * Stores a checked create request ({@link AgentRequests#create}) with a slug made from its name; the new agent's
     * id. Two creates racing for one slug meet the unique index: the loser takes the next free one.
     */
    UUID insert(UUID teamId, UUID userId, CreateAgentRequest agent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertOnce(teamId, userId, agent);
            } catch (DuplicateKeyException slugTaken) {
                if (attempt == 3) {
                    throw slugTaken;
                }
            }
        }
    }

    private UUID insertOnce(UUID teamId, UUID userId, CreateAgentRequest agent) {
        return jdbc.sql(sql.get("agent/insert"))
                .param("team_id", teamId)
                .param("user_id", userId)
                .param("name", agent.name())
                .param("description", agent.description())
                .param("webhook_url", agent.webhookUrl())
                .param("webhook_token", agent.webhookToken())
                .param("system_prompt", agent.systemPrompt())
                .param("config", json(agent.config()))
                .param("is_active", agent.isActive())
                .param("avatar_url", agent.avatarUrl())
                .param("n8n_api_url", agent.n8nApiUrl())
                .param("n8n_api_key", agent.n8nApiKey())
                .query(UUID.class)
                .single();
    }

    /** Applies a checked update request ({@link AgentRequests#update}); false when the team has no such agent. */
    boolean update(UUID teamId, UUID id, UpdateAgentRequest changes) {
        Map<String, Object> params = new HashMap<>();
        params.put("team_id", teamId);
        params.put("id", id);
        params.put("name", changes.name());
        params.put("description", changes.description());
        params.put("webhook_url", changes.webhookUrl());
        params.put("webhook_token", changes.webhookToken());
        params.put("system_prompt", changes.systemPrompt());
        params.put("config", changes.config() == null ? null : json(changes.config()));
        params.put("is_active", changes.isActive());
        params.put("avatar_url", changes.avatarUrl());
        params.put("n8n_api_url", changes.n8nApiUrl());
        params.put("n8n_api_key", changes.n8nApiKey());
        for (String nullable : new String[] {"description", "webhook_token", "system_prompt", "avatar_url", "n8n_api_url",
                "n8n_api_key"}) {
            params.put("set_" + nullable, changes.has(nullable));
        }
        return jdbc.sql(sql.get("agent/update")).params(params).update() > 0;
    }

    /** Stores the agent's avatar and points its avatar_url at it; false when the team has no such agent. */
    boolean saveAvatar(UUID teamId, UUID id, Avatar avatar) {
        return jdbc.sql(sql.get("agent/upsert-avatar"))
                .param("team_id", teamId)
                .param("id", id)
                .param("content_type", avatar.contentType())
                .param("content", avatar.content())
                .param("etag", avatar.etag())
                .update() > 0;
    }

    Optional<Avatar> findAvatar(UUID teamId, UUID id) {
        return jdbc.sql(sql.get("agent/find-avatar")).param("team_id", teamId).param("id", id)
                .query((rs, row) -> new Avatar(rs.getString("content_type"), rs.getBytes("content"), rs.getString("etag")))
                .optional();
    }

    private Agent agent(ResultSet rs, int row) throws SQLException {
        return new Agent(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getString("description"),
                rs.getString("webhook_url"),
                rs.getBoolean("has_webhook_token"),
                rs.getString("n8n_api_url"),
                rs.getBoolean("has_n8n_api_key"),
                rs.getString("system_prompt"),
                jsonObject(rs.getString("config")),
                rs.getBoolean("is_active"),
                rs.getString("avatar_url"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /**
     * The stored config with its values as JSON nodes: a node writes its nulls, where a plain map's nested nulls
     * would be dropped by the API's non_absent inclusion, so the config reads back exactly as stored.
     */
    private Map<String, Object> jsonObject(String json) {
        try {
            Map<String, Object> config = new LinkedHashMap<>();
            storedJson.readTree(json).fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue()));
            return config;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agents.config is not a JSON object", e);
        }
    }

    private String json(Map<String, Object> value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
