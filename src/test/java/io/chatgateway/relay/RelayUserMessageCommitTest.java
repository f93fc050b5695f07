package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commit of a send's start (user message and generation) runs while n8n is called (generation.StartTransaction). A deferred constraint trigger, which
 * PostgreSQL runs at COMMIT, holds the commit on an advisory lock of the test or makes it fail.
 */
@GatewayTest
class RelayUserMessageCommitTest extends ApiTestBase {

    private static final long HOLD_LOCK = 4242;

    RelayFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION test_commit_hook() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.messages -> -1 ->> 'content' = 'fail-commit' THEN
                        RAISE EXCEPTION 'refused at commit';
                    END IF;
                    IF NEW.messages -> -1 ->> 'content' = 'hold-commit' THEN
                        PERFORM pg_advisory_xact_lock(%d);
                    END IF;
                    RETURN NULL;
                END $$""".formatted(HOLD_LOCK));
        jdbc.execute("""
                CREATE CONSTRAINT TRIGGER test_commit_hook AFTER UPDATE ON chats
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_commit_hook()""");
    }

    @AfterEach
    void tearDown() {
        jdbc.execute("DROP TRIGGER IF EXISTS test_commit_hook ON chats");
        jdbc.execute("DROP FUNCTION IF EXISTS test_commit_hook()");
    }

    @Test
    void n8nIsCalledWhileTheMessageCommitsAndNoPieceGoesOutBeforeItIsSaved() throws Exception {
        AtomicBoolean commitReleased = new AtomicBoolean();
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Hel\"}\n{\"type\":\"item\",\"content\":\"lo\"}\n{\"type\":\"end\"}\n");
            response.end();
        }); Connection lockHolder = jdbc.getDataSource().getConnection()) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());
            try (Statement statement = lockHolder.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + HOLD_LOCK + ")");
            }

            HttpResponse<InputStream> response = ApiClient.http().send(sendRequest(user, chatId, "hold-commit"),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);

            // n8n got the history with the new message although its commit is still waiting on our lock
            assertThat(n8n.takeRequest().body()).contains("hold-commit");
            assertThat(fixtures.messages(chatId)).as("not committed yet").isEmpty();

            Thread releaser = new Thread(() -> {
                try (Statement statement = lockHolder.createStatement()) {
                    Thread.sleep(300);
                    commitReleased.set(true);
                    statement.execute("SELECT pg_advisory_unlock(" + HOLD_LOCK + ")");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            releaser.start();
            StringBuilder raw = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    raw.append(line).append('\n');
                    if (line.contains("\"type\":\"message\"")) {
                        assertThat(commitReleased).as("a piece was relayed before the message was saved").isTrue();
                    }
                }
            }
            releaser.join();
            assertThat(SseEvents.summary(SseEvents.parse(raw.toString())))
                    .containsExactly("status", "message:Hel", "message:lo", "done");
            assertThat(fixtures.messages(chatId)).extracting(m -> m.get("content").asText())
                    .containsExactly("hold-commit", "Hello");
        }
    }

    @Test
    void aMessageThatCannotBeCommittedEndsTheStreamWithMessageNotSaved() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Never shown\"}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            HttpResponse<String> response = ApiClient.http().send(sendRequest(user, chatId, "fail-commit"),
                    HttpResponse.BodyHandlers.ofString());

            var events = SseEvents.parse(response.body());
            assertThat(SseEvents.summary(events)).containsExactly("status", "error:message_not_saved");
            assertThat(events.get(1).get("data").get("message").asText()).contains("send it again");
            assertThat(fixtures.messages(chatId)).isEmpty();
            assertThat(fixtures.errorLogs(chatId)).extracting(row -> row.get("code")).containsExactly("message_not_saved");

            ApiClient.Response json = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + chatId + "/messages", Map.of("content", "fail-commit"));
            assertThat(json.status()).isEqualTo(503);
            assertThat(json.json().get("detail").asText()).contains("could not be saved");
            assertThat(fixtures.messages(chatId)).isEmpty();

            // the chat itself is fine: the next message is saved and answered
            ApiClient.Response next = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi"));
            assertThat(next.status()).as(next.toString()).isEqualTo(200);
            assertThat(fixtures.messages(chatId)).extracting(m -> m.get("content").asText())
                    .containsExactly("Hi", "Never shown");
        }
    }

    private static HttpRequest sendRequest(Account user, UUID chatId, String content) {
        return user.client().request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")).build();
    }
}
