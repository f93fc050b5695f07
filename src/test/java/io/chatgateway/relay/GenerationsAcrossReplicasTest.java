package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL: the suite's instance (A) runs the generations, the extra one (B) is where the
 * client comes back after a reload or a dropped connection, or sends the stop. The stub n8n answers one piece at a
 * time when the test says so, so every step happens while the generation is running.
 */
@GatewayTest
@MultiInstanceTest
class GenerationsAcrossReplicasTest extends ApiTestBase {

    static ExtraInstance replicaB;
    RelayFixtures fixtures;

    /** Pieces n8n sends, one per take; "" ends the answer. Each test has its own n8n. */
    BlockingQueue<String> pieces;
    CountDownLatch n8nCut;
    N8nStub n8n;

    @AfterAll
    static void stopReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        if (replicaB == null) {
            // once the suite's instance runs: its Camel context starts before the first test, not before @BeforeAll
            replicaB = ExtraInstance.development("replica-b").start();
        }
        fixtures = new RelayFixtures(jdbc);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        CountDownLatch cut = new CountDownLatch(1);
        pieces = queue;
        n8nCut = cut;
        n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json; charset=utf-8");
            response.chunk("{\"type\":\"begin\",\"metadata\":{}}\n");
            try {
                for (String piece = queue.poll(30, TimeUnit.SECONDS); piece != null && !piece.isEmpty();
                     piece = queue.poll(30, TimeUnit.SECONDS)) {
                    response.chunk("{\"type\":\"item\",\"content\":\"" + piece + "\"}\n");
                }
                response.chunk("{\"type\":\"end\"}\n");
                response.end();
            } catch (java.io.IOException closedByTheGateway) {
                cut.countDown();
            }
        });
    }

    @AfterEach
    void closeN8n() throws Exception {
        pieces.add("");
        n8n.close();
    }

    private LiveEvents send(Account user, UUID chatId, int port) throws Exception {
        HttpRequest request = new ApiClient(port).withToken(user.client().token()).request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Hi\"}")).build();
        HttpResponse<InputStream> response = ApiClient.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Generation-Id")).isPresent();
        return new LiveEvents(response);
    }

    private HttpResponse<InputStream> resume(Account user, UUID chatId, int port, String lastEventId) throws Exception {
        HttpRequest.Builder request = new ApiClient(port).withToken(user.client().token())
                .request("/api/chats/" + chatId + "/stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return ApiClient.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void resumingOnTheOtherReplicaGivesExactlyTheEventsAfterLastEventIdThenLive() throws Exception {
        Account user = accounts.newTeamAdmin();
        UUID chatId = fixtures.chat(user, n8n.url());
        pieces.add("One ");
        pieces.add("two ");
        try (LiveEvents onA = send(user, chatId, port)) {
            LiveEvents.Event status = onA.next();
            assertThat(status.type()).isEqualTo("status");
            assertThat(status.seq()).isEqualTo(1);
            assertThat(status.data().get("data").get("generation_id").asText()).isEqualTo(status.generationId());
            assertThat(onA.next().summary()).isEqualTo("message:One ");
            LiveEvents.Event two = onA.next();
            assertThat(two.summary()).isEqualTo("message:two ");

            // the client lost the connection after "One " and comes back on B
            String lastEventId = status.generationId() + ":2";
            try (LiveEvents onB = new LiveEvents(resume(user, chatId, replicaB.port(), lastEventId))) {
                assertThat(onB.next()).isEqualTo(two);
                pieces.add("three");
                pieces.add("");
                List<LiveEvents.Event> restOnB = onB.rest();
                List<LiveEvents.Event> restOnA = onA.rest();
                assertThat(restOnB).containsExactlyElementsOf(restOnA.subList(2, restOnA.size()));
                assertThat(onA.summaries()).containsExactly("status", "message:One ", "message:two ", "message:three", "done");
                for (int i = 0; i < restOnA.size(); i++) {
                    assertThat(restOnA.get(i).seq()).as("seq without gaps").isEqualTo(i + 1);
                }
            }
        }
        assertThat(fixtures.awaitMessages(chatId, 2).get(1).get("content").asText()).isEqualTo("One two three");
        assertThat(new ApiClient(replicaB.port()).withToken(user.client().token()).get("/api/chats/" + chatId + "/stream").status())
                .as("nothing runs any more").isEqualTo(204);
    }

    @Test
    void aReloadOnTheOtherReplicaGetsTheTextSoFarThenTheRest() throws Exception {
        Account user = accounts.newTeamAdmin();
        UUID chatId = fixtures.chat(user, n8n.url());
        pieces.add("Hello ");
        try (LiveEvents onA = send(user, chatId, port)) {
            onA.until("message");
            JsonNode chat = user.client().get("/api/chats/" + chatId).json();
            String generationId = chat.get("generation").get("id").asText();
            assertThat(chat.get("generation").get("status").asText()).isEqualTo("running");
            Thread.sleep(1500); // B sees what was written, about once a second

            try (LiveEvents onB = new LiveEvents(resume(user, chatId, replicaB.port(), null))) {
                LiveEvents.Event sync = onB.next();
                assertThat(sync.summary()).isEqualTo("sync:Hello ");
                assertThat(sync.data().get("data").get("generation_id").asText()).isEqualTo(generationId);
                pieces.add("world");
                pieces.add("");
                onB.rest();
                assertThat(onB.summaries()).containsExactly("sync:Hello ", "message:world", "done");
            }
            onA.rest();
        }
    }

    @Test
    void aStopSentToTheOtherReplicaCutsN8nAndSavesTheTextSoFar() throws Exception {
        Account user = accounts.newTeamAdmin();
        UUID chatId = fixtures.chat(user, n8n.url());
        pieces.add("Partial ");
        try (LiveEvents onA = send(user, chatId, port)) {
            LiveEvents.Event status = onA.next();
            onA.until("message");
            ApiClient onB = new ApiClient(replicaB.port()).withToken(user.client().token());
            ApiClient.Response stop = onB.post("/api/chats/" + chatId + "/stop", Map.of("generation_id", status.generationId()));
            assertThat(stop.status()).as(stop.toString()).isEqualTo(202);
            assertThat(stop.json().get("generation_id").asText()).isEqualTo(status.generationId());

            long stoppedAt = System.nanoTime();
            onA.rest();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)).as("ms until the stream ended").isLessThan(3_000);
            // what n8n sends after the stop meets a closed connection
            for (int i = 0; i < 50 && n8nCut.getCount() > 0; i++) {
                pieces.add("more ");
                Thread.sleep(20);
            }
            assertThat(n8nCut.await(5, TimeUnit.SECONDS)).as("n8n's connection cut").isTrue();
            assertThat(onA.summaries()).containsExactly("status", "message:Partial ", "done:stopped");
            ApiClient.Response again = onB.post("/api/chats/" + chatId + "/stop", Map.of());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("generation_id").asText()).isEqualTo(status.generationId());
        }
        JsonNode answer = fixtures.awaitMessages(chatId, 2).get(1);
        assertThat(answer.get("content").asText()).isEqualTo("Partial ");
        assertThat(answer.get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void aSecondSendWhileOneRunsIs409NamingTheRunningGeneration() throws Exception {
        Account user = accounts.newTeamAdmin();
        UUID chatId = fixtures.chat(user, n8n.url());
        pieces.add("Busy");
        try (LiveEvents onA = send(user, chatId, port)) {
            LiveEvents.Event status = onA.next();
            ApiClient.Response second = new ApiClient(replicaB.port()).withToken(user.client().token())
                    .post("/api/chats/" + chatId + "/messages", Map.of("content", "Again"));
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("generation_id").asText()).isEqualTo(status.generationId());
            pieces.add("");
            onA.rest();
        }
        assertThat(fixtures.awaitMessages(chatId, 2)).extracting(message -> message.get("content").asText())
                .containsExactly("Hi", "Busy");
    }

    @Test
    void anotherUsersChatIs404AndAnIdleChatIs204() {
        Account owner = accounts.newTeamAdmin();
        Account other = accounts.newMember(owner, "user");
        UUID chatId = fixtures.chat(owner, n8n.url());
        assertThat(owner.client().get("/api/chats/" + chatId + "/stream").status()).isEqualTo(204);
        assertThat(other.client().get("/api/chats/" + chatId + "/stream").status()).isEqualTo(404);
        assertThat(other.client().post("/api/chats/" + chatId + "/stop", Map.of()).status()).isEqualTo(404);
        assertThat(owner.client().post("/api/chats/" + chatId + "/stop", Map.of()).status()).isEqualTo(409);
    }
}
