package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.ShutdownTest;
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

/**
 * A second instance with ENVIRONMENT=production over the suite's embedded PostgreSQL: what development offers
 * for convenience (demo agent, public metrics) is absent, the management port serves the actuator, and closing
 * the context (what SIGTERM does) marks the shutdown and turns readiness down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@MultiInstanceTest
@ShutdownTest
class ProductionInstanceTest {

    private static ExtraInstance production;
    private static ApiClient api;
    private static ApiClient management;

    @BeforeAll
    static void startProductionInstance() {
        production = ExtraInstance.production("production-instance").with("management.server.port", "0").start();
        api = production.api();
        management = new ApiClient(production.managementPort());
    }

    @AfterAll
    static void stop() {
        if (production != null) {
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
