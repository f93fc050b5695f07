package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The webhook URL policy holds for test calls: in production, an agent whose stored URL reaches an internal
 * address (stored before AGENT_WEBHOOK_ALLOWED_HOSTS changed, or by hand) is not called; the admin reads why.
 */
@MultiInstanceTest
class AgentTestCallProductionTest {

    static ExtraInstance production;
    static HttpServer n8n;
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        n8n = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        n8n.createContext("/webhook/agent", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        n8n.start();
        production = ExtraInstance.production("production-test-call").start();
    }

    @AfterAll
    static void stop() {
        if (production != null) {
            production.close();
        }
        if (n8n != null) {
            n8n.stop(0);
        }
    }

    @Test
    void anAgentWhoseWebhookIsInternalIsNotCalled() {
        JdbcTemplate jdbc = production.getBean(JdbcTemplate.class);
        String email = TestAccounts.uniqueEmail("prod-test-call");
        UUID teamId = jdbc.queryForObject("INSERT INTO teams (name, slug) VALUES ('Production team', ?) RETURNING id",
                UUID.class, "prod-" + UUID.randomUUID());
        UUID userId = jdbc.queryForObject("INSERT INTO users (team_id, email, password_hash, role) VALUES (?, ?, ?, 'admin') RETURNING id",
                UUID.class, teamId, email, production.getBean(PasswordEncoder.class).encode(TestAccounts.PASSWORD));
        // the API refuses this URL in production: it is stored directly, as an older allowed-hosts setting would have let it
        UUID agentId = jdbc.queryForObject("INSERT INTO agents (team_id, name, webhook_url, created_by) VALUES (?, 'Internal', ?, ?) RETURNING id",
                UUID.class, teamId, "http://127.0.0.1:" + n8n.getAddress().getPort() + "/webhook/agent", userId);
        ApiClient client = production.api();
        ApiClient.Response login = client.post("/api/auth/login", Map.of("email", email, "password", TestAccounts.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        ApiClient admin = client.withToken(login.sessionToken().orElseThrow());

        ApiClient.Response result = admin.post("/api/agents/" + agentId + "/test-call", Map.of("message", "Ping"));

        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        JsonNode outcome = result.json();
        assertThat(outcome.get("status").isNull()).isTrue();
        assertThat(outcome.get("error").asText()).startsWith("The agent's webhook may not be called: host '127.0.0.1'");
        assertThat(outcome.get("error_code").asText()).isEqualTo("upstream_unreachable");
        assertThat(calls.get()).isZero();
    }
}
