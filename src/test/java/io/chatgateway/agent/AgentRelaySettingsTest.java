package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent's config.relay overrides the relay's settings only within sane ranges (README's agents table). */
@GatewayTest
class AgentRelaySettingsTest extends ApiTestBase {

    /** The documented ranges: setting → {min, max}. */
    static final Map<String, long[]> RANGES = ranges();

    Account admin;

    private static Map<String, long[]> ranges() {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        ranges.put("connect_timeout_ms", new long[] {100, 60_000});
        ranges.put("first_byte_timeout_ms", new long[] {100, 3_600_000});
        ranges.put("idle_timeout_ms", new long[] {100, 3_600_000});
        ranges.put("total_timeout_ms", new long[] {100, 3_600_000});
        ranges.put("heartbeat_interval_ms", new long[] {1_000, 300_000});
        return ranges;
    }

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
    }

    @Test
    void aHeartbeatEveryMillisecondIsRefused() {
        ApiClient.Response refused = create(Map.of("heartbeat_interval_ms", 1));

        assertRefused(refused, "config.relay.heartbeat_interval_ms", "must be a whole number from 1000 to 300000");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agents WHERE team_id = ?", Integer.class, admin.teamId())).isZero();
    }

    @Test
    void everyTimingIsAWholeNumberOfMillisecondsWithinItsRange() {
        RANGES.forEach((name, range) -> {
            String field = "config.relay." + name;
            String message = "must be a whole number from " + range[0] + " to " + range[1];
            for (Object bad : List.of(range[0] - 1, range[1] + 1, 0, -1, 1500.5, String.valueOf(range[0]), true,
                    Map.of("ms", range[0]))) {
                assertRefused(create(Map.of(name, bad)), field, message);
            }
            for (long good : range) {
                ApiClient.Response accepted = create(Map.of(name, good));
                assertThat(accepted.status()).as(name + "=" + good + " -> " + accepted).isEqualTo(201);
                assertThat(accepted.json().get("config").get("relay").get(name).asLong()).isEqualTo(good);
            }
        });
    }

    @Test
    void onDisconnectIsContinueOrAbort() {
        for (String mode : List.of("continue", "abort", "ABORT")) {
            assertThat(create(Map.of("on_disconnect", mode)).status()).as(mode).isEqualTo(201);
        }
        for (Object bad : List.of("stop", "", 1, false)) {
            assertRefused(create(Map.of("on_disconnect", bad)), "config.relay.on_disconnect", "must be \"continue\" or \"abort\"");
        }
    }

    @Test
    void unknownSettingsAndARelayThatIsNotAnObjectAreRefused() {
        ApiClient.Response typo = create(Map.of("heartbeat_ms", 5000));
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.json().get("errors").get(0).get("field").asText()).isEqualTo("config.relay.heartbeat_ms");

        for (Object relay : List.of("fast", List.of(1), 5)) {
            Map<String, Object> body = AgentApiTest.agentBody("relay");
            body.put("config", Map.of("relay", relay));
            assertRefused(admin.client().post("/api/agents", body), "config.relay", "must be a JSON object");
        }
    }

    @Test
    void updatesAreCheckedTooAndARefusalChangesNothing() throws Exception {
        ApiClient.Response created = create(Map.of("heartbeat_interval_ms", 20_000, "on_disconnect", "abort"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String before = jdbc.queryForObject("SELECT config::text FROM agents WHERE id = ?::uuid", String.class, id);

        ApiClient.Response refused = admin.client().put("/api/agents/" + id,
                Map.of("config", Map.of("model", "x", "relay", Map.of("idle_timeout_ms", 0))));

        assertRefused(refused, "config.relay.idle_timeout_ms", "must be a whole number from 100 to 3600000");
        assertThat(jdbc.queryForObject("SELECT config::text FROM agents WHERE id = ?::uuid", String.class, id)).isEqualTo(before);

        Map<String, Object> relay = new HashMap<>();
        RANGES.forEach((name, range) -> relay.put(name, range[1]));
        relay.put("on_disconnect", "continue");
        ApiClient.Response updated = admin.client().put("/api/agents/" + id, Map.of("config", Map.of("relay", relay)));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        String relayJson = jdbc.queryForObject("SELECT (config -> 'relay')::text FROM agents WHERE id = ?::uuid", String.class, id);
        JsonNode stored = new ObjectMapper().readTree(relayJson);
        assertThat(stored.size()).isEqualTo(relay.size());
        RANGES.forEach((name, range) -> assertThat(stored.get(name).asLong()).as(name).isEqualTo(range[1]));
        assertThat(stored.get("on_disconnect").asText()).isEqualTo("continue");
    }

    private ApiClient.Response create(Map<String, Object> relay) {
        Map<String, Object> body = AgentApiTest.agentBody("relay");
        body.put("config", Map.of("model", "m", "relay", relay));
        return admin.client().post("/api/agents", body);
    }

    private static void assertRefused(ApiClient.Response response, String field, String message) {
        assertThat(response.status()).as(field + " -> " + response).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("message").asText()).isEqualTo(message);
    }
}
