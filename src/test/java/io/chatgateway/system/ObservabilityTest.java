package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Metrics export is off in Spring Boot tests: /actuator/prometheus is checked in {@link ProductionInstanceTest}. */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Test
    void probesReportLivenessAndReadinessIncludingTheDatabase() {
        ApiClient anonymous = new ApiClient(port);

        ApiClient.Response liveness = anonymous.get("/actuator/health/liveness");
        ApiClient.Response readiness = anonymous.get("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
        assertThat(readiness.json().get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(readiness.json().get("components").has("readinessState")).isTrue();
    }

    @Test
    void infoShowsTheBuiltVersion() {
        ApiClient.Response info = new ApiClient(port).get("/actuator/info");

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("build").get("artifact").asText()).isEqualTo("chat-gateway");
        assertThat(info.json().get("build").get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void camelWaitsForInFlightExchangesOnlyBriefly() {
        assertThat(camel.getShutdownStrategy().getTimeout()).isEqualTo(10);
    }

    @Test
    void logsOneLinePerRequestWithCallerAndWithoutSecrets(CapturedOutput output) {
        TestAccounts.Account admin = new TestAccounts(port).newTeamAdmin();

        assertThat(admin.client().get("/api/auth/me?probe=secret-query-value").status()).isEqualTo(200);

        String line = "GET /api/auth/me 200 ";
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(line));
        String logged = output.getOut().lines().filter(l -> l.contains(line)).findFirst().orElseThrow();
        assertThat(logged).contains("user=" + admin.userId()).contains("team=" + admin.teamId())
                .doesNotContain("secret-query-value");
        assertThat(output.getOut()).contains("POST /api/auth/register 201 ")
                .doesNotContain(TestAccounts.PASSWORD)
                .doesNotContain(admin.client().token());
        assertThat(output.getOut().lines().filter(l -> l.contains(line)).count()).isEqualTo(1);
    }

    @Test
    void logsRefusedRequestsToo(CapturedOutput output) {
        new ApiClient(port).post("/api/team/invites", Map.of("role", "user"));

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("POST /api/team/invites 401 "));
        assertThat(output.getOut()).contains("POST /api/team/invites 401 ").contains("user=- team=-");
    }
}
