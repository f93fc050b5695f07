package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client attached to a running generation (GET /stream after a reload) re-reads the chat when the final event
 * arrives: the answer must be saved by then. A deferred constraint trigger makes the generation's end take half a
 * second to commit, so a final event handed out before the save would be seen long before the answer is there.
 */
@GatewayTest
class FinalEventAfterSaveTest extends ApiTestBase {

    RelayFixtures fixtures;
    BlockingQueue<String> pieces = new LinkedBlockingQueue<>();
    N8nStub n8n;

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new RelayFixtures(jdbc);
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION test_slow_end() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.status = 'running' AND NEW.status <> 'running' THEN
                        PERFORM pg_sleep(0.5);
                    END IF;
                    RETURN NULL;
                END $$""");
        jdbc.execute("""
                CREATE CONSTRAINT TRIGGER test_slow_end AFTER UPDATE ON generations
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_end()""");
        n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            for (String piece = pieces.poll(30, TimeUnit.SECONDS); piece != null && !piece.isEmpty();
                 piece = pieces.poll(30, TimeUnit.SECONDS)) {
                response.chunk("{\"type\":\"item\",\"content\":\"" + piece + "\"}\n");
            }
            response.chunk("{\"type\":\"end\"}\n");
            response.end();
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        pieces.add("");
        n8n.close();
        jdbc.execute("DROP TRIGGER IF EXISTS test_slow_end ON generations");
        jdbc.execute("DROP FUNCTION IF EXISTS test_slow_end()");
    }

    @Test
    void anAttachedStreamGetsTheFinalEventOnlyOnceTheAnswerIsSaved() throws Exception {
        Account user = accounts.newTeamAdmin();
        UUID chatId = fixtures.chat(user, n8n.url());
        pieces.add("Hel");
        try (LiveEvents sender = new LiveEvents(open(user, user.client().request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Hi\"}"))))) {
            sender.until("message");
            try (LiveEvents attached = new LiveEvents(open(user, user.client().request("/api/chats/" + chatId + "/stream").GET()))) {
                assertThat(attached.next().type()).isEqualTo("sync");
                pieces.add("lo");
                pieces.add("");
                attached.until("done");

                JsonNode chat = user.client().get("/api/chats/" + chatId).json();
                JsonNode messages = chat.get("messages");
                assertThat(messages.get(messages.size() - 1).get("content").asText())
                        .as("the answer is saved when an attached stream gets the final event").isEqualTo("Hello");
                JsonNode generation = chat.get("generation");
                assertThat(generation == null || generation.isNull()).as("no generation running any more: " + generation)
                        .isTrue();
            }
            sender.until("done");
        }
    }

    private static HttpResponse<InputStream> open(Account user, HttpRequest.Builder request) throws Exception {
        HttpResponse<InputStream> response = ApiClient.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }
}
