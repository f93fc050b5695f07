package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.chatgateway.ChatGatewayApplication;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.TestAccounts;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second instance with ENVIRONMENT=production over the suite's embedded PostgreSQL: what development offers
 * for convenience (demo agent, public metrics) is absent, the management port serves the actuator, and closing
 * the context (what SIGTERM does) marks the shutdown and turns readiness down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionInstanceTest {

    private static ConfigurableApplicationContext production;
    private static ApiClient api;
    private static ApiClient management;

    @BeforeAll
    static void startProductionInstance() {
        String jdbcUrl = EmbeddedDatabase.start("").getJdbcUrl("postgres", "postgres");
        production = new SpringApplicationBuilder(ChatGatewayApplication.class).run(
                "--chatgateway.environment=production",
                "--chatgateway.database.url=" + jdbcUrl,
                "--chatgateway.jwt.secret=production-test-secret-0123456789-abcdefghij",
                "--chatgateway.auth.registration-mode=open",
                "--server.port=0",
                "--management.server.port=0");
        String port = production.getEnvironment().getProperty("local.server.port");
        String managementPort = production.getEnvironment().getProperty("local.management.port");
        api = new ApiClient(Integer.parseInt(port));
        management = new ApiClient(Integer.parseInt(managementPort));
    }

    @AfterAll
    static void stop() {
        if (production != null && production.isActive()) {
            production.close();
        }
    }

    @Test
    void theDemoAgentRouteDoesNotExist() {
        assertThat(production.getBean(CamelContext.class).getRoute("demo-n8n-webhook")).isNull();
        ApiClient.Response registered = api.post("/api/auth/register", Map.of("email", TestAccounts.uniqueEmail("prod"),
                "password", TestAccounts.PASSWORD, "team_name", "Production test team"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        ApiClient signedIn = new ApiClient(api.baseUrl()).withToken(registered.sessionToken().orElseThrow());

        assertThat(api.post("/demo/n8n/webhook", Map.of("messages", List.of())).status()).isEqualTo(401);
        assertThat(signedIn.post("/demo/n8n/webhook", Map.of("messages", List.of())).status()).isEqualTo(404);
    }

    @Test
    void metricsIncludingCamelRoutesAndInfoAreServedOnlyOnTheManagementPort() {
        assertThat(api.get("/actuator/prometheus").status()).isIn(401, 403);
        assertThat(api.get("/actuator/info").status()).isIn(401, 403);

        api.get("/api/auth/me");
        ApiClient.Response prometheus = management.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_threads_live_threads").contains("application=\"chat-gateway\"")
                .containsPattern("camel_exchanges_total\\{.*routeId=\"auth-me-route\"");
        assertThat(management.get("/actuator/info").json().get("build").get("artifact").asText()).isEqualTo("chat-gateway");
        ApiClient.Response readiness = management.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("components").has("db")).isTrue();
        assertThat(management.get("/actuator/health/liveness").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closingTheContextTurnsReadinessDownAndMarksTheShutdown() {
        ShutdownState shutdown = production.getBean(ShutdownState.class);
        ApplicationAvailability availability = production.getBean(ApplicationAvailability.class);
        assertThat(shutdown.isShuttingDown()).isFalse();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

        production.close();

        assertThat(shutdown.isShuttingDown()).isTrue();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }
}
