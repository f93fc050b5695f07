package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.relay.N8nStub;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import org.junit.jupiter.api.Test;

/** The team's quotas apply to /v1 calls (as OpenAI errors), and every call leaves a usage row of its key. */
@GatewayTest
class OpenAiQuotasTest extends ApiTestBase {

    private static ApiClient.Response ask(ApiClient client, String model) {
        return client.raw("POST", "/v1/chat/completions", "application/json",
                OpenAiFixtures.ask(model, "Hi there", false).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode error(ApiClient.Response response) {
        return response.json().get("error");
    }

    @Test
    void aKeysRequestsPerMinuteAreLimitedAndEveryCallIsInTheUsageLedger() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hello"))) {
            OpenAiFixtures.Setup setup = OpenAiFixtures.setUp(accounts, port, "Counted Bot", n8n.url());
            assertThat(setup.admin().client().put("/api/team", Map.of("quotas", Map.of("requests_per_minute_per_key", 2)))
                    .status()).isEqualTo(200);

            ApiClient.Response first = ask(setup.client(), setup.model());
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(ask(setup.client(), setup.model()).status()).isEqualTo(200);
            ApiClient.Response third = ask(setup.client(), setup.model());

            assertThat(third.status()).as(third.toString()).isEqualTo(429);
            assertThat(error(third).get("type").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error(third).get("message").asText()).contains("per API key");
            assertThat(Long.parseLong(third.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(third.header("x-should-retry")).isEmpty();

            // the ledger has the call, by its key, as an OpenAI call
            UUID generationId = UUID.fromString(first.json().get("id").asText().substring("chatcmpl-".length()));
            Map<String, Object> usage = jdbc.queryForMap("SELECT * FROM generation_usage WHERE generation_id = ?", generationId);
            assertThat(usage.get("source")).isEqualTo("openai");
            assertThat(usage.get("status")).isEqualTo("complete");
            assertThat(usage.get("api_key_id")).isNotNull();
            assertThat(usage.get("user_id")).isEqualTo(setup.admin().userId());
            // "Hi there": 8 characters in, "Hello": 5 out
            assertThat(((Number) usage.get("chars_in")).longValue()).isEqualTo(8);
            assertThat(((Number) usage.get("chars_out")).longValue()).isEqualTo(5);
            assertThat(first.json().get("usage").get("prompt_tokens").asLong()).isEqualTo(((Number) usage.get("tokens_in")).longValue());
            assertThat(first.json().get("usage").get("completion_tokens").asLong()).isEqualTo(((Number) usage.get("tokens_out")).longValue());
        }
    }

    @Test
    void aTeamOutOfTokensGetsInsufficientQuotaThatMustNotBeRetried() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hello"))) {
            OpenAiFixtures.Setup setup = OpenAiFixtures.setUp(accounts, port, "Thrifty Bot", n8n.url());
            assertThat(setup.admin().client().put("/api/team", Map.of("quotas", Map.of("tokens_per_month", 1))).status())
                    .isEqualTo(200);
            assertThat(ask(setup.client(), setup.model()).status()).isEqualTo(200);

            ApiClient.Response refused = ask(setup.client(), setup.model());

            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(error(refused).get("type").asText()).isEqualTo("insufficient_quota");
            assertThat(error(refused).get("code").asText()).isEqualTo("insufficient_quota");
            assertThat(refused.header("x-should-retry")).contains("false");
            assertThat(refused.header("Retry-After")).isPresent();
        }
    }

    @Test
    void aCallBeyondTheTeamsConcurrentGenerationsIsRefusedAndStartsNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Wait\"}\n");
            release.await(20, TimeUnit.SECONDS);
            response.chunk("{\"type\":\"end\"}\n");
            response.end();
        })) {
            OpenAiFixtures.Setup setup = OpenAiFixtures.setUp(accounts, port, "Busy Bot", n8n.url());
            assertThat(setup.admin().client().put("/api/team", Map.of("quotas", Map.of("max_concurrent_generations", 1)))
                    .status()).isEqualTo(200);
            HttpResponse<InputStream> running = ApiClient.http().send(OpenAiFixtures.completion(setup.client(),
                    OpenAiFixtures.ask(setup.model(), "Hi", true)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(running.statusCode()).isEqualTo(200);
            n8n.takeRequest();

            ApiClient.Response refused = ask(setup.client(), setup.model());

            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(error(refused).get("type").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(refused.header("Retry-After")).isPresent();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM generations WHERE team_id = ?", Long.class,
                    setup.admin().teamId())).isEqualTo(1);
            release.countDown();
            assertThat(new String(running.body().readAllBytes(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
        }
    }
}
