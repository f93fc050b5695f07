package io.chatgateway.apikey;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_keys table. Keys are looked up by their public key id; only the SHA-256 of a key is stored. */
@Repository
public class ApiKeyStore {

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    public ApiKeyStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** The team's keys that are not revoked, newest first. */
    public List<ApiKey> list(UUID teamId) {
        return jdbc.sql(sql.get("apikey/list")).param("team_id", teamId).query(ApiKeyStore::apiKey).list();
    }

    public ApiKey insert(UUID teamId, UUID createdBy, ApiKeyToken token, String name, List<UUID> agentIds,
                         OffsetDateTime expiresAt) {
        return jdbc.sql(sql.get("apikey/insert"))
                .param("team_id", teamId).param("key_id", token.keyId())
                .param("secret_sha256", ApiKeyToken.sha256(token.key())).param("name", name)
                .param("agent_ids", texts(agentIds)).param("created_by", createdBy).param("expires_at", expiresAt)
                .query(ApiKeyStore::apiKey)
                .single();
    }

    /** Whether the key was there (the team's, not revoked) and is revoked now. */
    public boolean revoke(UUID teamId, UUID id) {
        return jdbc.sql(sql.get("apikey/revoke")).param("team_id", teamId).param("id", id).update() == 1;
    }

    /** How many of these distinct agents are the team's live (not deleted) agents. */
    public int countLiveAgents(UUID teamId, Collection<UUID> agentIds) {
        return jdbc.sql(sql.get("apikey/count-live-agents")).param("team_id", teamId).param("agent_ids", texts(agentIds))
                .query(Integer.class).single();
    }

    /** The key with this id if it may be used now (not revoked or expired, its creator active in its team). */
    public Optional<UsableKey> findUsable(String keyId) {
        return jdbc.sql(sql.get("apikey/find-usable")).param("key_id", keyId)
                .query((rs, row) -> new UsableKey(rs.getObject("id", UUID.class), rs.getObject("team_id", UUID.class),
                        rs.getObject("created_by", UUID.class), agentIds(rs) == null ? null : Set.copyOf(agentIds(rs)),
                        rs.getBytes("secret_sha256"), rs.getBoolean("touch_due")))
                .optional();
    }

    /** Sets last_used_at unless another request (on any replica) did so within the last minute. */
    public void touch(UUID id) {
        jdbc.sql(sql.get("apikey/touch")).param("id", id).update();
    }

    private static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"),
                ApiKeyToken.shownPart(rs.getString("key_id")), agentIds(rs), rs.getObject("created_by", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class));
    }

    private static List<UUID> agentIds(ResultSet rs) throws SQLException {
        Array array = rs.getArray("agent_ids");
        return array == null ? null : List.of((UUID[]) array.getArray());
    }

    /** uuid[] parameters travel as text[] (cast in the SQL): the driver binds String[] as an array. */
    private static String[] texts(Collection<UUID> ids) {
        return ids == null ? null : ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    /** What authenticating a request needs of a key. */
    public record UsableKey(UUID id, UUID teamId, UUID createdBy, Set<UUID> agentIds, byte[] secretSha256,
                            boolean touchDue) {
    }
}
