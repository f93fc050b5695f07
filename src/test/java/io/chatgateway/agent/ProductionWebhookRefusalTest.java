package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.system.GatewayProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The SSRF guard end to end: a second instance of the service in production mode (over the suite's embedded
 * PostgreSQL) refuses webhook URLs that reach internal addresses, on create and on update.
 */
@MultiInstanceTest
class ProductionWebhookRefusalTest {

    static ExtraInstance production;
    static ApiClient admin;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startProductionInstance() {
        production = ExtraInstance.production("production-webhooks")
                .with("chatgateway.agents.webhook-allowed-hosts", "10.9.0.0/16").start();
        assertThat(production.getBean(GatewayProperties.class).isProduction()).isTrue();
        jdbc = production.getBean(JdbcTemplate.class);
        // production creates no team by registration: the admin is put into the database directly
        String email = TestAccounts.uniqueEmail("prod");
        UUID teamId = jdbc.queryForObject("INSERT INTO teams (name, slug) VALUES ('Production team', ?) RETURNING id",
                UUID.class, "prod-" + UUID.randomUUID());
        jdbc.update("INSERT INTO users (team_id, email, password_hash, role) VALUES (?, ?, ?, 'admin')", teamId, email,
                production.getBean(PasswordEncoder.class).encode(TestAccounts.PASSWORD));
        ApiClient client = production.api();
        ApiClient.Response login = client.post("/api/auth/login", Map.of("email", email, "password", TestAccounts.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        admin = client.withToken(login.sessionToken().orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (production != null) {
            production.close();
        }
    }

    @Test
    void internalWebhookUrlsAreRefusedOnCreate() {
        for (String url : new String[] {"http://127.0.0.1:5678/webhook/x", "http://localhost/webhook", "http://169.254.169.254/latest/meta-data/",
                "http://192.168.0.10/webhook", "http://[::1]/webhook", "http://10.0.0.1/webhook"}) {
            String name = "refused-" + UUID.randomUUID();
            ApiClient.Response refused = admin.post("/api/agents", Map.of("name", name, "webhook_url", url));
            assertThat(refused.status()).as(url + " -> " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("webhook_url");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM agents WHERE name = ?", Integer.class, name)).isZero();
        }
        // AGENT_WEBHOOK_ALLOWED_HOSTS opens the internal range it names
        assertThat(admin.post("/api/agents", Map.of("name", "allowed", "webhook_url", "http://10.9.1.1/webhook")).status()).isEqualTo(201);
    }

    @Test
    void internalWebhookUrlsAreRefusedOnUpdate() {
        ApiClient.Response created = admin.post("/api/agents", Map.of("name", "public", "webhook_url", "https://93.184.215.14/webhook"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        ApiClient.Response refused = admin.put("/api/agents/" + id, Map.of("webhook_url", "http://169.254.169.254/latest/"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT webhook_url FROM agents WHERE id = ?::uuid", String.class, id))
                .isEqualTo("https://93.184.215.14/webhook");
    }
}
