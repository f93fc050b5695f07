package io.chatgateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.auth.AuthenticatedUser;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.TestAccounts.Account;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * What the API key tests share: creating a key through the API, a client that sends it as OpenAI clients do, and a
 * test-only route {@code GET /v1/test-whoami} (added to a running Camel context, not part of the REST model) that
 * answers with the caller the request was authenticated as.
 */
final class ApiKeyFixtures {

    static final String WHOAMI = "/v1/test-whoami";
    static final String KEY_FORMAT = "cgw_[a-z2-7]{12}_[0-9A-Za-z]{32}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiKeyFixtures() {
    }

    /** A new key of the admin's team (the whole response). */
    static JsonNode createKey(Account admin, Map<String, ?> body) {
        ApiClient.Response created = admin.client().post("/api/team/api-keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static String newKey(Account admin) {
        return createKey(admin, Map.of("name", "test key")).get("key").asText();
    }

    /** A client without a session that sends {@code Authorization: Bearer <key>}. */
    static ApiClient withKey(int port, String key) {
        return new ApiClient(port).header("Authorization", "Bearer " + key);
    }

    /** Adds the whoami route to the context unless it is there already. */
    static void addWhoamiRoute(CamelContext camel) throws Exception {
        if (camel.getRoute("test-whoami") != null) {
            return;
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:" + WHOAMI + "?httpMethodRestrict=GET").routeId("test-whoami")
                        .process(exchange -> {
                            AuthenticatedUser user = CurrentUser.of(exchange);
                            Map<String, Object> body = new java.util.LinkedHashMap<>();
                            body.put("user_id", user == null ? null : user.userId());
                            body.put("team_id", user == null ? null : user.teamId());
                            body.put("role", user == null ? null : user.role());
                            body.put("api_key_id", user == null ? null : user.apiKeyId());
                            body.put("agent_ids", user == null ? null : user.agentIds());
                            body.put("variable_api_key_id", exchange.getVariable(CurrentUser.API_KEY_ID));
                            exchange.getMessage().setHeader("Content-Type", "application/json");
                            exchange.getMessage().setBody(JSON.writeValueAsString(body));
                        });
            }
        });
    }
}
