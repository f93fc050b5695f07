package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failed answer is logged once, at the same level, whether the client reads SSE or waits for JSON. */
@GatewayTest
class RelayFailureLogTest extends ApiTestBase {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    /** What was logged about the chat, and every error of ours; the access log's line of each request aside. */
    private List<ILoggingEvent> about(UUID chatId) {
        return logged.list.stream().filter(event -> !event.getLoggerName().equals("io.chatgateway.access"))
                .filter(event -> event.getFormattedMessage().contains(chatId.toString())
                        || event.getLoggerName().startsWith("io.chatgateway") && event.getLevel().isGreaterOrEqual(Level.ERROR))
                .toList();
    }

    @Test
    void anAgentsFaultIsOneWarningForSseAndForJsonClients() throws Exception {
        RelayFixtures fixtures = new RelayFixtures(jdbc);
        try (N8nStub n8n = new N8nStub((request, response) ->
                response.full(500, "application/json", "{\"message\":\"Error in workflow\"}"))) {
            Account user = accounts.newTeamAdmin();
            UUID sseChat = fixtures.chat(user, n8n.url());
            UUID jsonChat = fixtures.chat(user, n8n.url());

            String sse = user.client().post("/api/chats/" + sseChat + "/messages", Map.of("content", "Hi")).body();
            ApiClient.Response json = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + jsonChat + "/messages", Map.of("content", "Hi"));

            assertThat(SseEvents.summary(SseEvents.parse(sse))).containsExactly("status", "error:upstream_status");
            assertThat(json.status()).isEqualTo(502);
            for (UUID chatId : List.of(sseChat, jsonChat)) {
                assertThat(about(chatId)).as("log of chat " + chatId).singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getFormattedMessage()).contains("upstream_status")
                            .contains("The agent's webhook answered 500: Error in workflow");
                });
            }
        }
    }
}
