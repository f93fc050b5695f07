package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.OpenAiError;
import org.junit.jupiter.api.Test;

/** GET /v1/models: the team's active agents the key may use, by slug; and how agents get their slugs. */
@GatewayTest
class ModelsTest extends ApiTestBase {

    private static final String URL = "http://127.0.0.1:9/webhook";

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(model -> ids.add(model.get("id").asText()));
        return ids;
    }

    @Test
    void theModelsAreTheTeamsActiveAgentsTheKeyMayUse() {
        Account admin = accounts.newTeamAdmin();
        JsonNode support = OpenAiFixtures.agent(admin, "Support", URL);
        JsonNode sales = OpenAiFixtures.agent(admin, "Sales Team!", URL);
        JsonNode inactive = OpenAiFixtures.agent(admin, "Sleeping", URL);
        assertThat(admin.client().put("/api/agents/" + inactive.get("id").asText(), Map.of("is_active", false)).status()).isEqualTo(200);
        JsonNode deleted = OpenAiFixtures.agent(admin, "Gone", URL);
        assertThat(admin.client().delete("/api/agents/" + deleted.get("id").asText()).status()).isEqualTo(204);
        OpenAiFixtures.agent(accounts.newTeamAdmin(), "Elsewhere", URL);
        String teamSlug = admin.client().get("/api/team").json().get("slug").asText();

        ApiClient all = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));
        ApiClient.Response response = all.get("/v1/models");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode list = response.json();
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(ids(list)).containsExactly("sales-team", "support");
        JsonNode model = list.get("data").get(1);
        assertThat(model.fieldNames()).toIterable().containsExactly("id", "object", "created", "owned_by");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("owned_by").asText()).isEqualTo(teamSlug);
        assertThat(model.get("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));

        ApiClient.Response one = all.get("/v1/models/support");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(model);
        for (String hidden : new String[] {"sleeping", "gone", "elsewhere", "nothing"}) {
            ApiClient.Response missing = all.get("/v1/models/" + hidden);
            assertThat(missing.status()).as(hidden).isEqualTo(404);
            assertThat(missing.json().get("error").get("code").asText()).isEqualTo("model_not_found");
            assertThat(missing.json().get("error").get("param").asText()).isEqualTo("model");
        }

        ApiClient limited = OpenAiFixtures.client(port, OpenAiFixtures.key(admin, UUID.fromString(sales.get("id").asText())));
        assertThat(ids(limited.get("/v1/models").json())).containsExactly("sales-team");
        assertThat(limited.get("/v1/models/support").status()).isEqualTo(404);
        assertThat(limited.get("/v1/models/sales-team").status()).isEqualTo(200);
        assertThat(support.get("slug").asText()).isEqualTo("support");

        ApiClient.Response anonymous = new ApiClient(port).get("/v1/models");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void slugsAreMadeFromTheNameUniqueInTheTeamAndKeptOnRename() {
        Account admin = accounts.newTeamAdmin();
        JsonNode first = OpenAiFixtures.agent(admin, "  Customer Support (EU) ", URL);
        JsonNode second = OpenAiFixtures.agent(admin, "customer-support eu", URL);
        JsonNode third = OpenAiFixtures.agent(admin, "Customer support: EU", URL);
        JsonNode symbols = OpenAiFixtures.agent(admin, "!!!", URL);
        JsonNode longName = OpenAiFixtures.agent(admin, "x".repeat(100), URL);

        assertThat(first.get("slug").asText()).isEqualTo("customer-support-eu");
        assertThat(second.get("slug").asText()).isEqualTo("customer-support-eu-2");
        assertThat(third.get("slug").asText()).isEqualTo("customer-support-eu-3");
        assertThat(symbols.get("slug").asText()).isEqualTo("agent");
        assertThat(longName.get("slug").asText()).isEqualTo("x".repeat(60));

        // another team may have the same slug
        assertThat(OpenAiFixtures.agent(accounts.newTeamAdmin(), "Customer Support (EU)", URL).get("slug").asText())
                .isEqualTo("customer-support-eu");

        // a rename keeps the slug (clients name the model by it); the slug itself cannot be set
        String id = first.get("id").asText();
        JsonNode renamed = admin.client().put("/api/agents/" + id, Map.of("name", "Helpdesk", "slug", "mine")).json();
        assertThat(renamed.get("name").asText()).isEqualTo("Helpdesk");
        assertThat(renamed.get("slug").asText()).isEqualTo("customer-support-eu");
        assertThat(admin.client().get("/api/agents/" + id).json().get("slug").asText()).isEqualTo("customer-support-eu");

        // a deleted agent's slug is free again
        assertThat(admin.client().delete("/api/agents/" + second.get("id").asText()).status()).isEqualTo(204);
        assertThat(OpenAiFixtures.agent(admin, "Customer Support EU", URL).get("slug").asText()).isEqualTo("customer-support-eu-2");
        assertThat(admin.client().get("/api/agents").json().findValuesAsText("slug"))
                .contains("customer-support-eu", "customer-support-eu-2", "customer-support-eu-3");
    }

    @Test
    void theApiDocumentDescribesV1WithTheKeyOpenAiErrorsAndChunks() {
        JsonNode document = accounts.anonymous().get("/api/openapi.json").json();
        JsonNode completions = document.get("paths").get("/v1/chat/completions").get("post");
        assertThat(completions.get("security").toString()).isEqualTo("[{\"apiKeyAuth\":[]}]");
        assertThat(completions.get("responses").get("404").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/OpenAiError");
        assertThat(completions.get("responses").get("200").get("content").get("text/event-stream").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/ChatCompletionChunk");
        assertThat(document.get("paths").get("/v1/models").get("get").get("responses").get("401").get("content")
                .get("application/json").get("schema").get("$ref").asText()).isEqualTo("#/components/schemas/OpenAiError");
        assertThat(document.get("components").get("schemas").get("OpenAiError").get("properties").get("error")
                .get("properties").fieldNames()).toIterable().containsExactlyInAnyOrder("message", "type", "param", "code");
        // the chat API keeps its own
        assertThat(document.get("paths").get("/api/agents").get("get").get("responses").get("401").get("content")
                .get("application/json").get("schema").get("$ref").asText()).isEqualTo("#/components/schemas/ErrorBody");
    }
}
