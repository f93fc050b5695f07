package io.chatgateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** A team's quotas through GET/PUT /api/team: given sets, null resets to the default, absent leaves; checked. */
@GatewayTest
class TeamQuotaSettingsTest extends ApiTestBase {

    private static Map<String, Object> quotas(Object... pairs) {
        Map<String, Object> quotas = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            quotas.put((String) pairs[i], pairs[i + 1]);
        }
        return Map.of("quotas", quotas);
    }

    @Test
    void quotasAreSetResetAndLeftAsTheBodySays() {
        Account admin = accounts.newTeamAdmin();
        JsonNode team = admin.client().get("/api/team").json();
        for (String quota : List.of("max_concurrent_generations", "requests_per_minute_per_key",
                "requests_per_minute_per_user", "tokens_per_month")) {
            assertThat(team.get("quotas").has(quota)).as(quota).isTrue();
            assertThat(team.get("quotas").get(quota).isNull()).as(quota).isTrue();
            // the suite's environment sets no defaults: unlimited
            assertThat(team.get("quota_defaults").get(quota).isNull()).as(quota).isTrue();
        }

        ApiClient.Response set = admin.client().put("/api/team", quotas("max_concurrent_generations", 3,
                "requests_per_minute_per_user", 60, "requests_per_minute_per_key", 120, "tokens_per_month", 5_000_000_000L));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("quotas").get("tokens_per_month").asLong()).isEqualTo(5_000_000_000L);
        assertThat(set.json().get("quota_defaults").isObject()).isTrue();

        // null resets one, absent ones stay, the name is untouched
        String name = team.get("name").asText();
        ApiClient.Response reset = admin.client().put("/api/team", quotas("requests_per_minute_per_key", null));
        assertThat(reset.status()).isEqualTo(200);
        JsonNode after = admin.client().get("/api/team").json();
        assertThat(after.get("name").asText()).isEqualTo(name);
        assertThat(after.get("quotas").get("max_concurrent_generations").asInt()).isEqualTo(3);
        assertThat(after.get("quotas").get("requests_per_minute_per_user").asInt()).isEqualTo(60);
        assertThat(after.get("quotas").get("requests_per_minute_per_key").isNull()).isTrue();
        assertThat(after.get("quotas").get("tokens_per_month").asLong()).isEqualTo(5_000_000_000L);

        // a rename leaves the quotas
        assertThat(admin.client().put("/api/team", Map.of("name", "Renamed")).status()).isEqualTo(200);
        assertThat(admin.client().get("/api/team").json().get("quotas").get("max_concurrent_generations").asInt()).isEqualTo(3);

        // another team's are its own
        Account other = accounts.newTeamAdmin();
        assertThat(other.client().get("/api/team").json().get("quotas").get("max_concurrent_generations").isNull()).isTrue();
    }

    @Test
    void badQuotasAre422AndChangeNothing() {
        Account admin = accounts.newTeamAdmin();
        assertThat(admin.client().put("/api/team", quotas("max_concurrent_generations", 2)).status()).isEqualTo(200);
        List<String> bodies = List.of(
                "{\"quotas\":{\"max_concurrent_generations\":0}}",
                "{\"quotas\":{\"requests_per_minute_per_user\":-5}}",
                "{\"quotas\":{\"tokens_per_month\":0}}",
                "{\"quotas\":{\"tokens_per_month\":10000000000000000000}}",
                "{\"quotas\":{\"max_concurrent_generations\":\"3\"}}",
                "{\"quotas\":{\"max_concurrent_generations\":2.5}}",
                "{\"quotas\":{\"max_concurrent_generations\":3000000000}}",
                "{\"quotas\":[1,2]}",
                "{\"quotas\":{\"max_concurrent\":3}}",
                "{\"quotas\":7}");
        for (String body : bodies) {
            ApiClient.Response response = admin.client().put("/api/team", body);
            assertThat(response.status()).as(body + " → " + response).isIn(400, 422);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
        assertThat(admin.client().put("/api/team", "{\"quotas\":{\"max_concurrent_generations\":0}}").status()).isEqualTo(422);
        assertThat(admin.client().get("/api/team").json().get("quotas").get("max_concurrent_generations").asInt()).isEqualTo(2);

        Account user = accounts.newMember(admin, "user");
        assertThat(user.client().put("/api/team", quotas("max_concurrent_generations", 100)).status()).isEqualTo(403);
        assertThat(admin.client().get("/api/team").json().get("quotas").get("max_concurrent_generations").asInt()).isEqualTo(2);
    }
}
