package io.chatgateway.relay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.SqlStatements;
import io.chatgateway.usage.ScriptedN8n;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A stop also stops the n8n execution when the agent names its n8n's public API: the webhook call carries the
 * generation's id, the gateway finds the running execution that holds it and asks n8n to stop that one. WireMock
 * plays both the webhook (an answer dribbled over 20 s, so that it is still running when the stop comes) and the
 * API.
 */
@GatewayTest
class N8nExecutionStopTest extends ApiTestBase {

    private static final String KEY = "n8n-api-key-of-the-test";
    private static final String LIST = "/api/v1/executions";

    @Autowired
    MeterRegistry registry;
    @Autowired
    SqlStatements sql;
    @Autowired
    UpstreamHttpClient http;
    @Autowired
    ObjectMapper json;

    private WireMockServer n8n;

    @BeforeEach
    void startN8n() {
        n8n = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        n8n.start();
        StringBuilder answer = new StringBuilder("{\"type\":\"begin\"}\n");
        for (int i = 0; i < 40; i++) {
            answer.append("{\"type\":\"item\",\"content\":\"piece ").append(i).append(" \"}\n");
        }
        n8n.stubFor(post(urlEqualTo("/webhook/agent")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(answer.append("{\"type\":\"end\"}\n").toString())
                .withChunkedDribbleDelay(40, 20_000)));
    }

    @AfterEach
    void stopN8n() {
        n8n.stop();
    }

    @Test
    void aStopAlsoStopsTheRunningN8nExecutionThatHoldsTheGenerationsId() throws Exception {
        Sending sending = sendToANewAgent(true);
        String generationId = sending.generationId();
        // 41 only mentions the id (in a message); 42 is the one the webhook call started
        n8n.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(executions(
                execution("41", UUID.randomUUID().toString(), "what does " + generationId + " mean?"),
                execution("42", generationId)))));
        n8n.stubFor(post(urlEqualTo(LIST + "/42/stop")).willReturn(okJson("{\"status\":\"canceled\",\"finished\":false}")));

        stop(sending);

        awaitRequests(postRequestedFor(urlEqualTo(LIST + "/42/stop")).withHeader("X-N8N-API-KEY", equalTo(KEY)), 1);
        n8n.verify(getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("running"))
                .withQueryParam("includeData", equalTo("true")).withHeader("X-N8N-API-KEY", equalTo(KEY)));
        n8n.verify(0, postRequestedFor(urlEqualTo(LIST + "/41/stop")));
        assertThat(registry.get("chatgateway.relay.n8n.execution.stops").tag("outcome", "stopped").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aClientThatLeavesAnAgentSetToAbortOnDisconnectStopsTheExecutionToo() throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID agentId = agent(admin, true);
        assertThat(admin.client().put("/api/agents/" + agentId,
                Map.of("config", Map.of("relay", Map.of("on_disconnect", "abort")))).status()).isEqualTo(200);
        UUID chatId = ScriptedN8n.chat(admin, agentId);
        HttpResponse<InputStream> stream = ScriptedN8n.sendStreaming(admin, port, chatId, "Write a long story");
        String generationId = stream.headers().firstValue("X-Generation-Id").orElseThrow();
        awaitWebhookCalled();
        n8n.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(executions(execution("5", generationId)))));
        n8n.stubFor(post(urlEqualTo(LIST + "/5/stop")).willReturn(okJson("{\"status\":\"canceled\"}")));

        stream.body().close(); // the browser goes away; the gateway notices at its next write

        awaitRequests(postRequestedFor(urlEqualTo(LIST + "/5/stop")).withHeader("X-N8N-API-KEY", equalTo(KEY)), 1);
    }

    @Test
    void anAnswerCutByItsTimeoutStopsTheExecutionToo() throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID agentId = agent(admin, true);
        assertThat(admin.client().put("/api/agents/" + agentId,
                Map.of("config", Map.of("relay", Map.of("total_timeout_ms", 1500)))).status()).isEqualTo(200);
        HttpResponse<InputStream> stream = ScriptedN8n.sendStreaming(admin, port, ScriptedN8n.chat(admin, agentId),
                "Write a long story");
        String generationId = stream.headers().firstValue("X-Generation-Id").orElseThrow();
        n8n.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(executions(execution("6", generationId)))));
        n8n.stubFor(post(urlEqualTo(LIST + "/6/stop")).willReturn(okJson("{\"status\":\"canceled\"}")));

        assertThat(ScriptedN8n.readToEnd(stream)).contains("\"code\":\"total_timeout\"");

        awaitRequests(postRequestedFor(urlEqualTo(LIST + "/6/stop")).withHeader("X-N8N-API-KEY", equalTo(KEY)), 1);
    }

    @Test
    void anExecutionThatEndedWithAnErrorStatusIsNotAskedToStop() throws Exception {
        n8n.stubFor(post(urlEqualTo("/webhook/failing")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Workflow failed\"}")));
        Account admin = accounts.newTeamAdmin();
        UUID chatId = ScriptedN8n.chat(admin, agent(admin, "/webhook/failing", true));
        assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Hello").status()).isEqualTo(502);
        Thread.sleep(1500); // longer than the first look would take
        n8n.verify(0, getRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void theWebhookCallCarriesTheGenerationsId() {
        n8n.stubFor(post(urlEqualTo("/webhook/quick")).willReturn(okJson("{\"output\":\"Done.\"}")));
        Account admin = accounts.newTeamAdmin();
        UUID chatId = ScriptedN8n.chat(admin, agent(admin, "/webhook/quick", true));
        assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Hello").status()).isEqualTo(200);
        UUID generationId = jdbc.queryForObject("SELECT id FROM generations WHERE chat_id = ?", UUID.class, chatId);
        n8n.verify(1, postRequestedFor(urlEqualTo("/webhook/quick"))
                .withHeader(UpstreamHttpClient.GENERATION_HEADER, equalTo(generationId.toString())));
    }

    @Test
    void theExecutionIsLookedForOnNextPagesAndAgainWhileNotListedYet() throws Exception {
        Sending sending = sendToANewAgent(true);
        String generationId = sending.generationId();
        listedOnTheSecondPageFromTheSecondLookOn(generationId);

        stopAndExpectOnlyExecutionStopped(sending, "9");
    }

    /**
     * The paging and the second look, without a relay around them: the stop is asked of a stopper of its own (a
     * look every 200 ms) for a generation whose execution is on the second page, and only from the second look on.
     */
    @Test
    void theExecutionIsFoundOnALaterPageAndAtALaterLook() throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID agentId = agent(admin, true);
        UUID teamId = jdbc.queryForObject("SELECT team_id FROM agents WHERE id = ?", UUID.class, agentId);
        String generationId = UUID.randomUUID().toString();
        listedOnTheSecondPageFromTheSecondLookOn(generationId);
        n8n.stubFor(post(urlPathMatching(LIST + "/.*/stop")).willReturn(okJson("{\"status\":\"canceled\"}")));
        SimpleMeterRegistry counted = new SimpleMeterRegistry();
        N8nExecutions stopper = new N8nExecutions(JdbcClient.create(jdbc), sql, http, json, counted, 200);
        try {
            stopper.stopLater(UUID.fromString(generationId), agentId, teamId);

            awaitRequests(postRequestedFor(urlEqualTo(LIST + "/9/stop")).withHeader("X-N8N-API-KEY", equalTo(KEY)), 1);
            n8n.verify(1, postRequestedFor(urlPathMatching(LIST + "/.*/stop")));
            // first look: running (without it), then waiting; second look: running, its next page
            n8n.verify(2, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("running"))
                    .withQueryParam("cursor", absent()));
            n8n.verify(1, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("cursor", equalTo("next-page")));
        } finally {
            stopper.destroy();
        }
    }

    @Test
    void anExecutionWaitingInAWaitNodeIsStoppedToo() throws Exception {
        Sending sending = sendToANewAgent(true);
        String generationId = sending.generationId();
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("running"))
                .willReturn(okJson(executions(execution("11", UUID.randomUUID().toString())))));
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("waiting"))
                .willReturn(okJson(executions(execution("12", generationId)))));

        stopAndExpectOnlyExecutionStopped(sending, "12");
    }

    @Test
    void anAgentWithoutAnN8nApiStopsTheRelayAloneAndNothingIsAskedOfN8n() throws Exception {
        stop(sendToANewAgent(false));
        Thread.sleep(1500); // longer than the first look would take
        n8n.verify(0, getRequestedFor(urlPathMatching("/api/.*")));
        n8n.verify(0, postRequestedFor(urlPathMatching("/api/.*")));
    }

    /** A send still streaming, to an agent (naming its n8n API or not). */
    private record Sending(Account admin, UUID chatId, HttpResponse<InputStream> stream, String generationId) {
    }

    /** Stops it; its stream ends as stopped. */
    private void stop(Sending sending) throws Exception {
        ApiClient.Response stop = sending.admin().client().post("/api/chats/" + sending.chatId() + "/stop", Map.of());
        assertThat(stop.status()).isEqualTo(202);
        assertThat(ScriptedN8n.readToEnd(sending.stream())).contains("\"reason\":\"stopped\"");
    }

    /** Stops it; n8n is asked to stop that execution, and no other. */
    private void stopAndExpectOnlyExecutionStopped(Sending sending, String executionId) throws Exception {
        n8n.stubFor(post(urlPathMatching(LIST + "/.*/stop")).willReturn(okJson("{\"status\":\"canceled\"}")));
        stop(sending);
        awaitRequests(postRequestedFor(urlEqualTo(LIST + "/" + executionId + "/stop")), 1);
        n8n.verify(1, postRequestedFor(urlPathMatching(LIST + "/.*/stop")));
    }

    /** First look: one page without it (nothing waiting); from the second look on, it is on the page after the first: 9. */
    private void listedOnTheSecondPageFromTheSecondLookOn(String generationId) {
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("waiting")).willReturn(okJson(executions())));
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("running"))
                .inScenario("listing").whenScenarioStateIs("Started")
                .willReturn(okJson(executions(execution("7", UUID.randomUUID().toString()))))
                .willSetStateTo("listed"));
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("status", equalTo("running"))
                .inScenario("listing").whenScenarioStateIs("listed")
                .willReturn(okJson(page("next-page", execution("8", UUID.randomUUID().toString())))));
        n8n.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("cursor", equalTo("next-page"))
                .atPriority(1).willReturn(okJson(executions(execution("9", generationId)))));
    }

    private Sending sendToANewAgent(boolean withApi) throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID chatId = ScriptedN8n.chat(admin, agent(admin, withApi));
        HttpResponse<InputStream> stream = ScriptedN8n.sendStreaming(admin, port, chatId, "Write a long story");
        assertThat(stream.statusCode()).isEqualTo(200);
        awaitWebhookCalled();
        return new Sending(admin, chatId, stream, stream.headers().firstValue("X-Generation-Id").orElseThrow());
    }

    /**
     * The stream's first event comes before the webhook call goes out; a stop in between ends the generation before
     * n8n is called, and then there is no execution to stop.
     */
    private void awaitWebhookCalled() throws InterruptedException {
        awaitRequests(postRequestedFor(urlEqualTo("/webhook/agent")), 1);
    }

    private UUID agent(Account admin, boolean withApi) {
        return agent(admin, "/webhook/agent", withApi);
    }

    private UUID agent(Account admin, String webhookPath, boolean withApi) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Storyteller", "webhook_url", base() + webhookPath));
        if (withApi) {
            body.put("n8n_api_url", base() + "/api/v1/");
            body.put("n8n_api_key", KEY);
        }
        ApiClient.Response agent = admin.client().post("/api/agents", body);
        assertThat(agent.status()).as(agent.toString()).isEqualTo(201);
        return UUID.fromString(agent.json().get("id").asText());
    }

    private String base() {
        return "http://127.0.0.1:" + n8n.port();
    }

    /** A running execution as n8n lists it with its data: the webhook's request, headers included. */
    private static String execution(String id, String generationId) {
        return execution(id, generationId, "Hi");
    }

    private static String execution(String id, String generationId, String message) {
        return """
                {"id":"%s","status":"running","mode":"webhook","data":{"executionData":{"nodeExecutionStack":[{"data":
                {"main":[[{"json":{"headers":{"x-chat-gateway-generation-id":"%s"},
                "body":{"messages":[{"role":"user","content":"%s"}]}}}]]}}]}}}""".formatted(id, generationId, message);
    }

    private static String executions(String... executions) {
        return page(null, executions);
    }

    private static String page(String nextCursor, String... executions) {
        return "{\"data\":[" + String.join(",", executions) + "],\"nextCursor\":"
                + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}";
    }

    private void awaitRequests(RequestPatternBuilder pattern, int count) throws InterruptedException {
        // up to three looks, each of whose calls may take its whole 10 s on a busy machine
        for (int i = 0; i < 400 && n8n.findAll(pattern).size() < count; i++) {
            Thread.sleep(100);
        }
        assertThat(n8n.findAll(pattern)).as("requests n8n received: %s", received()).hasSize(count);
    }

    /** What n8n received, newest first, for a failure's message. */
    private List<String> received() {
        return n8n.getAllServeEvents().stream().map(event -> event.getRequest().getLoggedDate().toInstant()
                + " " + event.getRequest().getMethod() + " " + event.getRequest().getUrl() + " -> "
                + event.getResponse().getStatus()).toList();
    }
}
